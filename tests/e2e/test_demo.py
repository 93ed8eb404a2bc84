"""The README's `make demo` main job (`rightsgraph demo`), run as a test on the test instance."""
from __future__ import annotations

import re
import subprocess
import sys
from decimal import Decimal


def test_demo_command_balances_to_the_statement_total(graph):
    run = subprocess.run([sys.executable, "-m", "app.cli", "demo", "--lines", "500"], capture_output=True,
                         text=True, timeout=600, env=None)
    out = run.stdout
    assert run.returncode == 0, run.stderr + out
    assert "balanced to the micro-unit" in out
    m = re.search(r"Σ wallets ([\d.]+) \+ suspense ([\d.]+) = ([\d.]+) USD; statement gross ([\d.]+) USD", out)
    assert m, out
    wallets, suspense, total, gross = (Decimal(g) for g in m.groups())
    assert wallets + suspense == total == gross > 0
    assert '"participantId": "PART-000001"' in out and '"topTracks"' in out

    again = subprocess.run([sys.executable, "-m", "app.cli", "demo", "--lines", "500"], capture_output=True,
                           text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert "catalog: already in the graph" in again.stdout
    assert re.search(r"statement gross ([\d.]+)", again.stdout).group(1) == str(gross)
