"""champ: the championship engine's command line.

Options before the subcommand say where the season is (``--log``, ``--season``);
reading commands share ``--format`` and the point-in-time options; writing
commands go through the domain's deciders and append nothing when refused.
Errors are one line on stderr: exit 2 for a malformed request, 1 for a refusal.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys

import attrs
import click

from ..errors import ChampError, DecodeError, UsageError


class ChampFailure(click.ClickException):
    """A ChampError at the command boundary: one line, the error's exit code."""

    def __init__(self, error: ChampError):
        super().__init__(str(error))
        self.exit_code = error.exit_code

    def show(self, file=None) -> None:
        # one line, whatever the message quotes, and nothing a terminal would act on
        from .render import printable

        message = printable(" ".join(self.format_message().splitlines()))
        click.echo(f"champ: error: {message}", err=True)


#: subcommand -> the module defining it: a command's module is imported only when it runs
#: (tests/test_cli.py checks this table against each module's COMMANDS)
LAZY = {
    **dict.fromkeys(["init", "import", "log"], "logcmds"),
    **dict.fromkeys(["standings", "calendar", "invitations", "report", "scenarios"],
                    "reading_cmds"),
    **dict.fromkeys(["seasons", "drivers", "entries", "classification"], "overview_cmds"),
    **dict.fromkeys(["open-season", "add-class", "drop-class", "adopt-rules",
                     "adopt-lineup-rule", "adopt-invitation-rule"], "season_cmds"),
    **dict.fromkeys(["schedule", "reschedule", "relocate", "cancel"], "calendar_cmds"),
    **dict.fromkeys(["register-entry", "change-car", "withdraw", "register-driver", "nominate",
                     "release"], "entry_cmds"),
    **dict.fromkeys(["pole", "classify", "correct", "declare"], "result_cmds"),
    **dict.fromkeys(["revoke-pole", "amend-entry", "amend-driver"], "correction_cmds"),
    **dict.fromkeys(["penalty", "disqualify", "drive-time", "appeal", "decide-appeal",
                     "overturn", "adjust-points"], "steward_cmds"),
    **dict.fromkeys(["whatif", "history", "explain", "diff"], "audit_cmds"),
    **dict.fromkeys(["serve", "follow"], "serve_cmds"),
    "timing": "timing_cmds",
    "import-f1db": "f1db_cmds",
}


class OneLineUsage(click.UsageError):
    """click's usage error as the README promises it: one line, exit 2."""

    def __init__(self, error: click.UsageError):
        super().__init__(error.format_message(), error.ctx)
        self.path = error.ctx.command_path if error.ctx else "champ"

    def show(self, file=None) -> None:
        from .render import printable

        message = printable(" ".join(self.format_message().split()))
        click.echo(f"champ: error: {message} (see: {self.path} --help)", err=True)


#: click (8.2 on) says "no arguments, here is the help" with a usage error
NO_ARGS_IS_HELP = tuple(filter(None, [getattr(click.exceptions, "NoArgsIsHelpError", None)]))


def _os_failure(exc: OSError) -> ChampError:
    """An operating system refusal nothing closer caught (a full disk, a permission, a
    file removed underneath), as one line."""
    where = f": {exc.filename}" if exc.filename else ""
    return ChampError(f"{exc.strerror or exc}{where}")


class ChampGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in LAZY:
            import importlib

            module = importlib.import_module(f"{__name__}.{LAZY[name]}")
            for command in module.COMMANDS:
                self.add_command(command)
        return super().get_command(ctx, name)

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except NO_ARGS_IS_HELP:  # the help asked for by asking nothing: shown whole
            raise
        except click.UsageError as exc:
            raise OneLineUsage(exc) from None

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ChampError as exc:
            from ..errors import RefusedError

            if isinstance(exc, RefusedError):  # imports and what-ifs too: commands, not types
                from .writing import in_commands

                exc = type(exc)(in_commands(str(exc), type(exc).__name__))
            raise ChampFailure(exc) from None
        except (OneLineUsage, *NO_ARGS_IS_HELP):
            raise
        except click.UsageError as exc:
            raise OneLineUsage(exc) from None
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(1)
        except OSError as exc:
            raise ChampFailure(_os_failure(exc)) from None


class Session:
    """What the root options chose: the log, the season, the what-if files."""

    def __init__(self, log: str | None, season: str | None, with_files: tuple[str, ...] = (),
                 store: str | None = None):
        self.log = log
        self.store_url = store
        self.season = season
        self.with_files = with_files
        self._store = None
        self._base: tuple[str, list] | None = None
        self._events: list | None = None

    def need_log(self) -> str:
        if not self.log:
            raise UsageError("no log given: use --log PATH (or set CHAMP_LOG)"
                             + (", or --store URL" if not self.store_url else ""))
        return self.log

    def _backend(self, *, create: bool = False):
        from ..source import open_store_url

        if self.log:
            raise UsageError("give --log or --store, not both")
        return open_store_url(self.store_url, create=create)

    @property
    def where(self) -> str:
        """The log or store read, as messages name it."""
        if self.store_url:
            from ..source import store_name

            return store_name(self.store_url)
        return self.log or "the log"

    def reader(self):
        if self._store is None:
            if self.store_url:
                self._store = self._backend()
            else:
                from ..source import open_for_reading

                self._store = open_for_reading(self.need_log(), season=self.season)
        return self._store

    def writer(self):
        if self.store_url:  # a writer makes the schema and its table when missing
            if self._store is None:
                self._store = self._backend(create=True)
            return self._store
        from ..source import open_for_writing

        return open_for_writing(self.need_log())

    def season_of(self, store) -> str:
        seasons = store.seasons()
        if self.season:
            if self.season not in seasons:
                known = ", ".join(seasons) or "none"
                raise UsageError(f"season {self.season!r} is not in the log (seasons: {known})")
            return self.season
        if len(seasons) == 1:
            return seasons[0]
        if not seasons:
            raise UsageError(f"{self.where} holds no season yet")
        raise UsageError(f"the log holds several seasons ({', '.join(seasons)}): "
                         "choose one with --season")

    def base(self) -> tuple[str, list]:
        """The season read and its events, as the log holds them (read once a call)."""
        if self._base is None:
            store = self.reader()
            season = self.season_of(store)
            self._base = (season, list(store.read(season)))
        return self._base

    def branch(self, at_seq: int | None = None):
        """The what-if branch the ``--with`` files make, at ``at_seq`` (the log's end)."""
        from ..codec import read_lines
        from ..inputs import read_input
        from ..timeline import make_branch

        season, events = self.base()
        hypothetical = []
        for path in self.with_files:
            try:
                data = read_input(path)
            except ChampError as exc:
                if isinstance(exc, UsageError | DecodeError):
                    raise
                raise UsageError(str(exc)) from None
            lines = list(read_lines(data, default_season=season, name=path))
            hypothetical += [attrs.evolve(te, line=f"{path} line {te.line}") for te in lines]
        return make_branch(events, hypothetical, season=season, at_seq=at_seq)

    race_time: int | None = None  # --at-race-time: the running race as if it ended then

    def events(self) -> list:
        """What reading commands replay: the log, or the branch under ``--with``; under
        ``--at-race-time``, with the running race classified as it stood then."""
        if self._events is None:
            self._events = list(self.branch().events) if self.with_files else self.base()[1]
            if self.race_time is not None:
                from ..race_time import as_it_stands
                from .timing_rows import clock

                self._events, round_key = as_it_stands(self._events, self.base()[0],
                                                       self.race_time)
                click.echo(f"as it stands: {round_key} as if it ended at "
                           f"{clock(self.race_time)} of race time", err=True)
        return self._events

    def view(self, after_round: str | None, at_seq: int | None, known_on: dt.date | None):
        from ..timeline import Point, check_point, view
        from .progress import counted

        point = Point(after_round, at_seq, known_on)
        check_point(self.events(), point)
        return view(counted(self.events(), "replaying"), point)


pass_session = click.make_pass_decorator(Session)


def class_of(state, text: str) -> str:
    """The season's class that ``text`` names, or a usage error listing them."""
    from ..documents import class_of

    return class_of(state, text)


class DateParam(click.ParamType):
    name = "DATE"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not a date (YYYY-MM-DD)", param, ctx)


def reading(f):
    """The options every reading command shares: format and point in time."""

    @click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]),
                  default="table", show_default=True, help="Output format.")
    @click.option("--after-round", metavar="R",
                  help="Only rounds up to R (a round key or number).")
    @click.option("--at-seq", type=click.IntRange(min=0), metavar="N",
                  help="As the log stood at seq N.")
    @click.option("--known-on", type=DateParam(),
                  help="As known at the end of DATE (UTC), e.g. 2013-10-20.")
    @click.option("--at-race-time", "race_time", metavar="H:MM[:SS]",
                  help="As if the running timed race had ended at this race time.")
    @functools.wraps(f)
    def wrapper(*args, race_time=None, **kwargs):
        if race_time is not None:
            from .timing_rows import RACE_TIME

            click.get_current_context().find_object(Session).race_time = RACE_TIME.convert(
                race_time, None, None)
        return f(*args, **kwargs)

    return wrapper


@click.group(cls=ChampGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--log", envvar="CHAMP_LOG", metavar="PATH",
              help="The season log: a champengine log file, or a JSON Lines file (read-only).")
@click.option("--store", envvar="CHAMP_STORE", metavar="URL",
              help="A store by URL instead of a log file: postgresql://user@host/db.")
@click.option("--season", envvar="CHAMP_SEASON", metavar="KEY",
              help="The season, when the log holds several (also CHAMP_SEASON).")
@click.option("--with", "with_files", multiple=True, metavar="PATH",
              help="Lay the hypothetical events of a JSON Lines file over the log for this "
                   "call, never written (repeatable).")
@click.version_option(package_name="champengine", prog_name="champ")
@click.pass_context
def cli(ctx: click.Context, log: str | None, store: str | None, season: str | None,
        with_files: tuple[str, ...]) -> None:
    """Replay a racing season's event log into standings, entry lists, the calendar
    and invitations, at any point in time; record results and decisions.

    \b
    Example:
      champ --log events/aslms-2013.jsonl standings --class LMP2 --table drivers
    """
    log, store = _explicit_wins(ctx, log, store)
    ctx.obj = Session(log, season, with_files, store)


def _explicit_wins(ctx: click.Context, log: str | None, store: str | None):
    """``--log`` given on the command line wins over ``CHAMP_STORE``, ``--store`` over
    ``CHAMP_LOG``: only two explicit choices (or two variables) are a clash."""
    if log and store:
        given = click.core.ParameterSource.COMMANDLINE
        log_given = ctx.get_parameter_source("log") == given
        store_given = ctx.get_parameter_source("store") == given
        if log_given and not store_given:
            return log, None
        if store_given and not log_given:
            return None, store
    return log, store



def main() -> None:
    cli(prog_name="champ")
