"""Audit the locked dependencies for known vulnerabilities (`make audit-deps`).

pip-audit asks PyPI's per-version JSON (or OSV) about each locked version. Where that
answer is missing (the per-version endpoint is not reachable from every network), this
falls back to the project's JSON, whose `vulnerabilities` list is PyPI's for the latest
release only: it applies when the locked version is the latest, and otherwise the package
is reported as not audited, with the reason, rather than silently passed.

Prints one line per vulnerability and per package not audited, then
"audited X of Y packages, Z vulnerabilities, W not audited". Exits 1 if any vulnerability
is found, 2 if nothing at all could be audited (the check would prove nothing).
"""

import argparse
import json
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPI_PROJECT_JSON = "https://pypi.org/pypi/{name}/json"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


@dataclass
class Vulnerability:
    package: str
    version: str
    id: str
    fixed_in: list[str]
    source: str


@dataclass
class Report:
    total: int = 0
    audited: list[str] = field(default_factory=list)
    vulnerabilities: list[Vulnerability] = field(default_factory=list)
    not_audited: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        return (
            f"audited {len(self.audited)} of {self.total} packages, "
            f"{len(self.vulnerabilities)} vulnerabilities, {len(self.not_audited)} not audited"
        )

    def exit_code(self) -> int:
        if self.vulnerabilities:
            return 1
        return 2 if self.total and not self.audited else 0


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_versions(requirements: str) -> dict[str, str]:
    """name -> version for each `name==version` line of a requirements export."""
    pins = {}
    for line in requirements.splitlines():
        match = PIN.match(line.strip())
        if match:
            pins[normalise(match.group(1))] = match.group(2)
    return pins


def classify(
    locked: dict[str, str],
    pip_audit: dict,
    project_json: Callable[[str], dict | None],
) -> Report:
    """Combine pip-audit's answer with PyPI's project JSON for what pip-audit skipped.

    `project_json(name)` returns PyPI's project document, or None if it could not be had."""
    report = Report(total=len(locked))
    answered = {normalise(entry["name"]): entry for entry in pip_audit.get("dependencies", [])}
    skipped = []
    for name, version in sorted(locked.items()):
        entry = answered.get(name)
        if entry is not None and "vulns" in entry:
            report.audited.append(name)
            report.vulnerabilities += [
                Vulnerability(name, version, vuln["id"], vuln.get("fix_versions", []), "pip-audit")
                for vuln in entry["vulns"]
            ]
        else:
            skipped.append(name)
    with ThreadPoolExecutor(max_workers=8) as pool:
        documents = dict(zip(skipped, pool.map(project_json, skipped), strict=True))
    for name in skipped:
        version, document = locked[name], documents[name]
        if document is None:
            report.not_audited[name] = f"{version}: neither pip-audit nor PyPI's JSON answered"
            continue
        latest = document.get("info", {}).get("version")
        if latest != version:
            report.not_audited[name] = (
                f"{version}: PyPI lists vulnerabilities for the latest release ({latest}) only"
            )
            continue
        report.audited.append(name)
        report.vulnerabilities += [
            Vulnerability(name, version, vuln["id"], vuln.get("fixed_in") or [], "PyPI")
            for vuln in document.get("vulnerabilities", [])
            if not vuln.get("withdrawn")
        ]
    return report


def fetch_project_json(name: str) -> dict | None:
    url = PYPI_PROJECT_JSON.format(name=name)
    try:
        # A fixed https URL on PyPI, only the package name varies.
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310
            return json.load(response)
    except (urllib.error.URLError, TimeoutError, ValueError):
        return None


def export_requirements(uv: Path) -> str:
    command = [str(uv), "export", "--frozen", "--no-hashes", "--no-emit-project"]
    return subprocess.run(  # noqa: S603 - our own uv, fixed arguments
        command, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def run_pip_audit(pip_audit: Path, requirements: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        pins, output = Path(folder, "requirements.txt"), Path(folder, "audit.json")
        pins.write_text(requirements)
        # Exits 1 when it finds something; the JSON says what, so the code is not checked.
        subprocess.run(  # noqa: S603 - our own pip-audit, fixed arguments
            [str(pip_audit), "--no-deps", "--disable-pip", "--progress-spinner", "off",
             "-r", str(pins), "-f", "json", "-o", str(output)],
            check=False, capture_output=True, text=True,
        )  # fmt: skip
        if not output.exists():
            raise SystemExit("pip-audit wrote no report; run it by hand to see why.")
        return json.loads(output.read_text())


def print_report(report: Report) -> None:
    for vuln in report.vulnerabilities:
        fixed = ", ".join(vuln.fixed_in) or "no fixed release"
        found = f"{vuln.id} (fixed in: {fixed}; {vuln.source})"
        print(f"VULNERABLE {vuln.package} {vuln.version}: {found}")
    for name, reason in sorted(report.not_audited.items()):
        print(f"not audited {name} {reason}")
    print(report.summary())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uv", type=Path, default=ROOT / ".tools" / "bin" / "uv")
    parser.add_argument(
        "--pip-audit", type=Path, default=Path(sys.executable).with_name("pip-audit")
    )
    args = parser.parse_args(argv)
    requirements = export_requirements(args.uv)
    report = classify(
        locked_versions(requirements),
        run_pip_audit(args.pip_audit, requirements),
        fetch_project_json,
    )
    print_report(report)
    return report.exit_code()


if __name__ == "__main__":
    sys.exit(main())
