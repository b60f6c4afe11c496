"""Logs hold no case narrative (S23). An error's message can carry what the user typed or what the
database returned (PostgreSQL's error details quote the row), so the message of an exception is
withheld from the logs: its type and the stack of code lines, which is what a developer needs to
find the fault, are kept."""

import logging
import traceback


class WithholdExceptionMessages(logging.Filter):
    def filter(self, record):
        if record.exc_info and record.exc_info[0] is not None:
            kind, _value, stack = record.exc_info
            record.exc_text = (
                "Traceback (most recent call last):\n"
                + "".join(traceback.format_tb(stack))
                + f"{kind.__module__}.{kind.__qualname__}: [message withheld: it may hold case data]"
            )
        return True
