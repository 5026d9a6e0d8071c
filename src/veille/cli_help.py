"""The command line's help and its last line of defence, for every command.

Typer 0.29 writes types as "<list[str]>", flags as "<bool>" and required arguments as "{gold}";
the classes here give the help users know (TEXT, PATH, nothing for a flag, GOLD, [PATHS]...).
``Commands``, the group class of `veille`, also turns any error a command did not answer into
one line on stderr, never a traceback.
"""
from __future__ import annotations

import inspect
import os
import sys

import typer
from rich.console import Console
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from .errors import VeilleError

err = Console(stderr=True, highlight=False, soft_wrap=True)

_TYPE_LABELS = {"str": "TEXT", "int": "INTEGER", "float": "FLOAT", "bool": "BOOLEAN", "path": "PATH",
                "int range": "INTEGER RANGE", "float range": "FLOAT RANGE"}


def _type_label(param, ctx) -> str | None:
    label = param.display_type(ctx).strip("<>")
    if label.startswith("list[") and label.endswith("]"):
        label = label[5:-1]  # a repeated option or several arguments: the type of one value
    return _TYPE_LABELS.get(label, label.upper())


class _Argument(TyperArgument):
    def get_usage_pieces(self, ctx) -> list[str]:
        name = self.name.upper() if self.required else f"[{self.name.upper()}]"
        return [name + ("..." if self.nargs != 1 else "")]

    def display_type_rich(self, ctx) -> str | None:
        return self.metavar or _type_label(self, ctx)


class _Option(TyperOption):
    def display_type_rich(self, ctx) -> str | None:
        if self.is_flag:
            return None  # a flag takes no value
        return self.metavar or _type_label(self, ctx)


def _with_plain_help(param):
    if type(param) is TyperArgument:
        param.__class__ = _Argument
    elif type(param) is TyperOption:
        param.__class__ = _Option
    return param


class _Command(TyperCommand):
    def get_help_option(self, ctx):
        return _with_plain_help(super().get_help_option(ctx))


class Commands(TyperGroup):
    """The command group: the help above for every parameter, and the last line of defence that
    turns any error a command did not answer into one line on stderr, never a traceback."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for command in [self, *self.commands.values()]:
            if type(command) is TyperCommand:
                command.__class__ = _Command
            for param in command.params:
                _with_plain_help(param)
            if command.help:
                command.help = _reflowed(command.help)
                # the list of commands shows the whole first paragraph, not 45 characters and "..."
                command.short_help = command.short_help or command.help.split("\n\n")[0]

    def get_help_option(self, ctx):
        return _with_plain_help(super().get_help_option(ctx))

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except Exception as exc:
            if hasattr(exc, "exit_code"):  # typer.Exit, usage errors: already answered
                raise
            _answer_unhandled(exc)


def _reflowed(help_text: str) -> str:
    """A docstring's paragraphs as single lines: Typer keeps its line breaks, which the terminal's
    width then cuts mid-sentence. A paragraph opening with \\b keeps its lines."""
    paragraphs = inspect.cleandoc(help_text).split("\n\n")
    return "\n\n".join(p if p.startswith("\b") else " ".join(p.split()) for p in paragraphs)


def _answer_unhandled(exc: Exception):
    if isinstance(exc, BrokenPipeError):  # `veille extract ... | head`: the reader left
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(1)
    if isinstance(exc, VeilleError):
        err.print(f"veille: {exc}", markup=False)
        raise typer.Exit(1)
    if isinstance(exc, OSError) and exc.filename is not None:  # a file named on the command line
        err.print(f"veille: {exc.filename}: {(exc.strerror or str(exc)).lower()}", markup=False)
        raise typer.Exit(2)
    if os.environ.get("VEILLE_DEBUG"):
        raise exc
    err.print(f"veille: internal error: {type(exc).__name__}: {exc} (VEILLE_DEBUG=1 shows the traceback)",
              markup=False)
    raise typer.Exit(1)

