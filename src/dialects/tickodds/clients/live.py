"""A client written the way TickOdds' live docs show it, in Python `websockets`: connect to
/ws/live?apiKey=, read the snapshot, subscribe to one sport, then json.loads every frame and
route on `type`. Prints one JSON line per step so the test can follow along.

usage: live.py WS_BASE API_KEY SPORT UPDATES
"""

import asyncio
import json
import sys

TYPES = {"snapshot", "match_start", "update", "match_end", "heartbeat"}


def check_event(ev):
    for key in ("fixtureId", "sportName", "home", "away", "score", "period", "status"):
        assert isinstance(ev[key], str), key
    for row in ev["odds"]:
        assert isinstance(row["price"], (int, float))
    for group in ev["marketGroups"]:
        for sel in group["selections"]:
            assert ev["legacyOdds"][group["name"]][sel["name"]] == sel["odds"]


async def main(base, api_key, sport, wanted):
    import websockets

    async with websockets.connect(f"{base}/ws/live?apiKey={api_key}") as ws:
        snapshot = json.loads(await ws.recv())
        assert snapshot["type"] == "snapshot" and snapshot["count"] == len(snapshot["events"])
        for ev in snapshot["events"]:
            check_event(ev)
        await ws.send(json.dumps({"subscribe": [sport]}))
        print(json.dumps({"step": "subscribed", "count": snapshot["count"]}), flush=True)
        sports, updates = set(), 0
        async for raw in ws:
            msg = json.loads(raw)
            assert msg["type"] in TYPES, msg["type"]
            if msg["type"] == "heartbeat":
                continue
            check_event(msg["event"])
            sports.add(msg["event"]["sportName"])
            if msg["type"] == "update" and msg["change"] == "odds":
                sel = msg["selection"]
                assert set(sel) == {"id", "name", "odds", "handicap", "suspended"}
                updates += 1
                if updates == wanted:
                    break
        print(json.dumps({"step": "done", "updates": updates, "sports": sorted(sports)}), flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])))
