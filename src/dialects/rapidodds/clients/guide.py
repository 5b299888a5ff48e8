"""A client written the way RapidOddsAPI's WebSocket guide shows it (Python `websockets`),
pointed at another host. Prints one JSON line per step so the test can follow along.

usage: guide.py WS_BASE API_KEY SPORT PUSHES
"""

import asyncio
import json
import sys


async def main(base: str, api_key: str, sport: str, pushes: int) -> None:
    import websockets

    url = f"{base}/ws?api_key={api_key}"
    async with websockets.connect(url) as ws:
        # The guide reads the greeting with a blocking recv() and prints its message.
        connected = json.loads(await ws.recv())
        print(json.dumps({"step": "connected", "frame": connected}), flush=True)

        await ws.send(json.dumps({
            "action": "subscribe",
            "sport": sport,
            "bookmakers": ["DraftKings", "Pinnacle"],
            "market_types": ["head_to_head", "alternate_lines"],
        }))
        # ...and expects the very next frame to be the acknowledgement.
        subscribed = json.loads(await ws.recv())
        print(json.dumps({"step": "subscribed", "credits_per_push": subscribed["credits_per_push"]}), flush=True)

        seen = 0
        async for raw in ws:
            msg = json.loads(raw)
            if msg["event"] == "odds_update":
                games = msg["data"]["games"]
                for game in games:
                    for book in game["bookmakers"]:
                        for market in book["markets"]:
                            for outcome in market["outcomes"]:
                                float(outcome["price"])
                print(json.dumps({
                    "step": "odds_update",
                    "sport": msg["sport"],
                    "credits_charged": msg["credits_charged"],
                    "games": len(games),
                    "data": msg["data"],
                }), flush=True)
                seen += 1
                if seen == pushes:
                    break
            elif msg["event"] == "error":
                print(json.dumps({"step": "error", "message": msg["message"]}), flush=True)
    print(json.dumps({"step": "done"}), flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])))
