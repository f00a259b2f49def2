"""repairlab: deliberate practice for noticing and repairing alliance ruptures.

The package is organised as the curriculum is; each subpackage is one idea:

- ``repairlab.bank``        the vignette bank: taxonomy, schema, loader, the scoring rule, statistics
- ``repairlab.scenarios``   multi-turn scenarios: schema, graph rules, playing a run, the debrief picture
- ``repairlab.skills``      the single-skill exercises as data, and their rounds
- ``repairlab.feedback``    formative feedback on a drafted response (rules and a learned scorer)
- ``repairlab.practice``    practice logic with no widgets: drill plan, objective, progress tables
- ``repairlab.exercises``   the ipywidgets exercises, one widget family per module
- ``repairlab.course``      the nbgrader course: spec, build, graded widgets, grading, cohort report
- ``repairlab.coach``       a coach's read-only view of exported records, and comments beside them
- ``repairlab.store``       the SQLite progress store: records, migrations, export and import
- ``repairlab.app``         the Voila app: landing page, navigation, preheated kernels
- ``repairlab.cli``         the ``repairlab`` command line
- ``repairlab.ui``          one-line calls for the notebooks
- ``settings``, ``paths``, ``errors``, ``datafiles``, ``html``: the environment, where data lives,
  the error base class, schemas for small data files, shared HTML helpers
"""

__version__ = "0.1.0"
