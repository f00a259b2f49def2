"""repairlab: deliberate practice for noticing and repairing alliance ruptures.

The package is organised as the curriculum is:

- ``repairlab.bank``     the vignette bank: taxonomy, schema, loader, statistics
- ``repairlab.cli``      the ``repairlab`` command line
"""

__version__ = "0.1.0"
