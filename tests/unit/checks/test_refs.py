"""fluxc.checks.refs: Git ref names as `git check-ref-format` takes them, semver constraints as Masterminds does.

Where a `git` binary is on the machine, every name is also given to `git check-ref-format` itself, so the
two agree by construction rather than by reading the rules alike.
"""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest

from fluxc.checks.refs import MAX_CONSTRAINT, git_ref_problem, is_semver_constraint

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="no git binary on this machine")

REFUSED = ["a..b", "main.lock", "feature/x.lock", "feature/", "/x", "a//b", "a@{b", "", " ", "\t", "a\x01b",
           "a\x7fb", "a\nb", "a b", "a~b", "a^b", "a:b", "a?b", "a*b", "a[b", "a\\b", "x.", "@", "-x", ".hidden",
           "a/.b", "x/../y", "a.lock/b", "trailing/dot."]
TAKEN = ["main", "feature/x", "release/1.x", "v1.2.3", "日本", "a.b", "a-b_c", "@x", "x@y", "a@b{", "x.lockx",
         "{}", "a,b", "a;b", "a'b", 'a"b', "a!b", "a#b", "a%b", "a&b", "a=b", "a+b"]


@pytest.mark.parametrize("name", REFUSED)
def test_refused_names(name: str) -> None:
    assert git_ref_problem(name, branch=True) is not None
    assert git_ref_problem(name, branch=False) is not None


@pytest.mark.parametrize("name", TAKEN)
def test_taken_names(name: str) -> None:
    assert git_ref_problem(name, branch=True) is None
    assert git_ref_problem(name, branch=False) is None


def test_head_is_refused_as_a_branch_only() -> None:
    assert git_ref_problem("HEAD", branch=True) == "`HEAD` is not a branch name"
    assert git_ref_problem("HEAD", branch=False) is None


def test_at_alone_is_refused_on_purpose() -> None:
    # Git's rule 9 forbids `@` as a whole refname only, so `git branch @` works; but `@` alone means HEAD in
    # every revision Git parses, so a branch or tag of that name is a mistake fluxc refuses.
    assert git_ref_problem("@", branch=True) == git_ref_problem("@", branch=False) == "it is `@` alone"


@needs_git
@pytest.mark.parametrize("name", [n for n in REFUSED + TAKEN + ["HEAD"] if n != "@"])
def test_git_itself_agrees(name: str) -> None:
    assert GIT is not None
    branch = subprocess.run([GIT, "check-ref-format", "--branch", name], capture_output=True, check=False)
    tag = subprocess.run([GIT, "check-ref-format", f"refs/tags/{name}"], capture_output=True, check=False)
    assert (branch.returncode == 0) is (git_ref_problem(name, branch=True) is None)
    # `git tag` refuses a leading '-' on top of check-ref-format (strbuf_check_tag_ref)
    assert (tag.returncode == 0 and not name.startswith("-")) is (git_ref_problem(name, branch=False) is None)


CONSTRAINTS = ["1.2.3", "v1.2.3", "1.2.3-rc.1", "1.2.3+build", "1.2.3-0abc", "v2.3.5-20161202202307-sha.e8fc5e5",
               "1.x", "1.X", "1.2.*", "~1.2", "^1.2.0", ">=1 <2", ">= 1.1", ">40.50.60, < 50.70", "1.2", "*", "x",
               "1 - 2", "1.2.3 - 2.3.4", "3 - 4 || => 3.0, < 4", "=1.2.3", "!=1.2.3", "1.2 || 2.x", "~>1.2", "=>1",
               "=<2", "01.2.3", "12.3.34 ~1.2.3", "1.0.0 - 2.0.0, <=2.0.0", "~58.2", ">=1.14.0 <1.15.0", "1.10",
               ">= 1.2.3 < 2.0 || => 3.0 < 4"]
NOT_CONSTRAINTS = ["latest", "stable", "1.2.3.4", "12.3.4.1234", "12.23.4.1234", "", " ", "1|2", "1.2.3-rc..1",
                   "v1.2.3-beta.01", "1.2.3-01", "99999999999999999999.0.0", "1.18446744073709551616.0", ">>1",
                   "1.2x", "v", "1.2.3+", "1.2.3-", "|| 1.2", "1.2.3 ||", "1.2.3,,2.0.0", "main", ">= bar",
                   "BAR >= 1.2.3", "12.3.34~ 1.2.3", "1.0\v", "\u00a01.0", "1.2.3 garbage", "a1.2.3"]


@pytest.mark.parametrize("text", CONSTRAINTS)
def test_masterminds_constraints(text: str) -> None:
    assert is_semver_constraint(text)


@pytest.mark.parametrize("text", NOT_CONSTRAINTS)
def test_not_masterminds_constraints(text: str) -> None:
    assert not is_semver_constraint(text)


def test_go_whitespace_around_a_constraint_is_taken() -> None:
    # Go's \s is [\t\n\f\r ]: the schema refuses such spacing in chart.version, gitRef.semver does not
    assert is_semver_constraint("\t>= 1.0\n") and not is_semver_constraint("\v1.0")


@pytest.mark.parametrize("text", [
    "1" + "   1" * 60 + "!",  # runs of spaces: exponential for a backtracking copy of Masterminds' regex
    "1" + "\t \t1" * 50 + "!",
    "1" + " , 1" * 60 + "!",
    "x" * 256 + "!",
    ("1||" * 90)[:254] + "!",
    " " * 255 + "!",
])
def test_hostile_constraints_are_decided_fast(text: str) -> None:
    started = time.perf_counter()
    assert not is_semver_constraint(text)
    assert time.perf_counter() - started < 0.5


def test_a_constraint_longer_than_the_cap_is_refused() -> None:
    long = ">=1.0.0" + " <2.0.0" * 40
    assert len(long) > MAX_CONSTRAINT and not is_semver_constraint(long)
    assert is_semver_constraint(long[:MAX_CONSTRAINT].rsplit(" ", 1)[0])
