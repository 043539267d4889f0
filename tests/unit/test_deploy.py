"""docker-compose.yml and the image: the client accepts them, versions agree, nothing leaks."""
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from newsflow.settings import ELASTICSEARCH_VERSION

ROOT = Path(__file__).resolve().parents[2]


def compose_config() -> dict:
    if shutil.which("docker") is None or subprocess.run(["docker", "compose", "version"],
                                                        capture_output=True).returncode != 0:
        if os.environ.get("CI"):
            pytest.fail("CI must have the docker compose client (make compose-plugin)")
        pytest.skip("no docker compose client here (make compose-plugin builds one)")
    done = subprocess.run(["docker", "compose", "--env-file", "deploy/env.example", "config", "--format", "json"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return yaml.safe_load(done.stdout)


def test_compose_file_is_accepted_and_has_every_service():
    services = compose_config()["services"]
    assert {"redis", "elasticsearch", "kibana", "worker", "beat", "flower", "setup"} <= set(services)
    assert services["worker"]["build"]["dockerfile"] == "deploy/Dockerfile"


def test_compose_versions_equal_the_tested_ones():
    services = compose_config()["services"]
    for name in ("elasticsearch", "kibana"):
        assert services[name]["image"].endswith(f":{ELASTICSEARCH_VERSION}")


def test_published_ports_are_loopback_only_and_services_need_passwords():
    services = compose_config()["services"]
    for name, service in services.items():
        for port in service.get("ports", []):
            assert port["host_ip"] == "127.0.0.1", name
    assert "--requirepass" in services["redis"]["command"] and "--appendonly" in services["redis"]["command"]
    assert services["elasticsearch"]["environment"]["xpack.security.enabled"] == "true"
    assert "--basic-auth" in " ".join(services["flower"]["command"])


def test_compose_refuses_to_start_without_the_env_file_values():
    if shutil.which("docker") is None:
        pytest.skip("no docker client")
    compose_config()
    done = subprocess.run(["docker", "compose", "--env-file", "/dev/null", "config"], cwd=ROOT,
                          capture_output=True, text=True, env={k: v for k, v in os.environ.items()
                                                               if not k.endswith("PASSWORD")})
    assert done.returncode != 0 and "set " in done.stderr


def test_no_secrets_are_committed():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert ".env" not in tracked
    secret = re.compile(r"(password|secret|token)\s*[:=]\s*['\"]?(?!\$\{|change-me|None|\"\")[A-Za-z0-9]{12,}", re.I)
    for name in tracked:
        path = ROOT / name
        if path.suffix in {".py", ".yml", ".yaml", ".toml", ".md", ".example", ""} and path.is_file():
            assert not secret.search(path.read_text(errors="ignore")), name
