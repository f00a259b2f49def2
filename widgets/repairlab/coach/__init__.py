"""The coach's side: practice records a learner hands over (the progress export), read
without changing them, and the coach's comments kept in a file of their own beside each."""

from repairlab.coach.comments import CommentsError, load_comments, save_comment
from repairlab.coach.records import PracticeRecord, open_record, records_in

__all__ = ["CommentsError", "PracticeRecord", "load_comments", "open_record", "records_in", "save_comment"]
