"""money/lock_account under concurrency on the real Neo4j: a lock taken while another
transaction is posting to the account waits for it and then reads — and leaves — the balance
that posting made (a `SET a.balance = a.balance` lock wrote the stale balance back)."""
from __future__ import annotations

import threading
import time

from app.services import ledger
from app.services.db import run, write


def test_lock_account_waits_and_never_writes_a_stale_balance_back(graph):
    account = write(lambda tx: ledger.ensure_platform_accounts(tx, "GHS", [("suspense", None), ("source", "X")]))
    seen = {}

    def locker():
        seen["balance"] = write(lambda tx: run(tx, "money/lock_account", accountId=account[0])[0]["balance"])

    with graph.session() as session:
        tx = session.begin_transaction()  # a posting holds the account's lock…
        ledger.post(tx, "probe:1", "probe", [{"accountId": account[0], "amount": 5_000_000},
                                             {"accountId": account[1], "amount": -5_000_000}], "probe")
        thread = threading.Thread(target=locker)
        thread.start()
        time.sleep(1.0)  # …while the locker waits for it
        tx.commit()
        thread.join()
    assert seen["balance"] == 5_000_000
    records, _, _ = graph.execute_query("MATCH (a:Account {accountId: $id}) RETURN a.balance AS b", id=account[0])
    assert records[0]["b"] == 5_000_000
