"""The rehearsal of `docker compose up` fails where compose would hang or fail: a wait cycle, a
one-shot that exits non-zero. (No service here needs the stack.)"""
from tests.compose_rehearsal import interpolate, rehearse


def write(tmp_path, services: str):
    path = tmp_path / "docker-compose.yml"
    path.write_text("services:\n" + services, encoding="utf-8")
    return path


def test_a_wait_cycle_is_found(tmp_path):
    compose = write(tmp_path, """
  a: {build: ., command: ["sleep", "30"], restart: "no", depends_on: {b: {condition: service_completed_successfully}}}
  b: {build: ., command: ["sleep", "30"], restart: "no", depends_on: {a: {condition: service_completed_successfully}}}
""")
    report = rehearse(compose, {}, tmp_path, timeout=20)
    assert report.error and report.error.startswith("wait cycle") and report.started == []


def test_a_one_shot_that_fails_fails_the_rehearsal(tmp_path):
    compose = write(tmp_path, """
  first: {build: ., command: ["sh", "-c", "echo no password; exit 3"], restart: "no"}
  after: {build: ., command: ["sleep", "30"], depends_on: {first: {condition: service_completed_successfully}}}
""")
    report = rehearse(compose, {}, tmp_path, timeout=20)
    assert report.error and report.error.startswith("first exited with 3") and "no password" in report.error
    assert report.started == ["first"]


def test_compose_variables_are_interpolated_as_compose_does():
    values = {"A": "x"}
    assert interpolate({"k": ["${A}", "$${A}", "${B:-d}", "${B}"]}, values) == {"k": ["x", "${A}", "d", ""]}
    try:
        interpolate("${B:?set B}", values)
    except ValueError as error:
        assert "set B" in str(error)
    else:
        raise AssertionError("a required variable must be required")
