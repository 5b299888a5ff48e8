"""Streams the way the vendor's official Python SDK does (rapidoddsapi `stream_odds`), written
from its documented behaviour: send the subscribe right after connecting (before reading
`connected`), raise on every `error` event (a credits error iff the message says "credit"),
stop for good on HTTP 403 or close code 4001, otherwise reconnect with backoff doubling from
`initial` seconds and re-subscribe. Prints one JSON line per step.

With FEED `results` it streams like the SDK's `stream_results` instead: the `/results-ws` feed,
a subscribe with `status` and `include`, `results_update` events.

usage: sdk_like.py WS_BASE API_KEY SPORT PUSHES INITIAL_BACKOFF [odds|results [STATUS]]
"""

import asyncio
import json
import sys
from urllib.parse import quote

import websockets
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatusCode

AUTH_CLOSE_CODE = 4001


def out(**fields):
    print(json.dumps(fields), flush=True)


class StreamAuthError(Exception):
    pass


class InsufficientCreditsError(Exception):
    pass


class StreamError(Exception):
    pass


def auth_failure(exc):
    if isinstance(exc, ConnectionClosed):
        return exc.code == AUTH_CLOSE_CODE
    return isinstance(exc, InvalidStatusCode) and exc.status_code == 403


async def stream(base, path, api_key, subscribe, update_event, initial, max_backoff=30.0):
    endpoint = f"{base}{path}?api_key={quote(api_key, safe='')}"
    attempts = 0
    while True:
        out(step="connecting")
        try:
            async with websockets.connect(endpoint) as ws:
                attempts = 0
                await ws.send(json.dumps(subscribe))
                async for raw in ws:
                    message = json.loads(raw)
                    out(step="frame", event=message.get("event"))
                    if message.get("event") == "error":
                        detail = str(message.get("message", "Stream error"))
                        if "credit" in detail.lower():
                            raise InsufficientCreditsError(detail)
                        raise StreamError(detail)
                    if message.get("event") == update_event:
                        yield message
        except (ConnectionClosed, InvalidHandshake, OSError) as exc:
            if auth_failure(exc):
                raise StreamAuthError(str(exc)) from exc
            out(step="retry", reason=str(exc))
            await asyncio.sleep(min(initial * (2 ** attempts), max_backoff))
            attempts += 1


async def main(base, api_key, sport, pushes, initial, feed="odds", status="all"):
    if feed == "results":
        path, update_event = "/results-ws", "results_update"
        subscribe = {
            "action": "subscribe",
            "sport": sport,
            "status": status,
            "include": ["scores", "players"],
        }
    else:
        path, update_event = "/ws", "odds_update"
        subscribe = {
            "action": "subscribe",
            "sport": sport,
            "bookmakers": ["DraftKings", "Pinnacle"],
            "market_types": ["head_to_head"],
        }
    seen = 0
    try:
        async for update in stream(base, path, api_key, subscribe, update_event, initial):
            seen += 1
            out(
                step="update",
                sport=update["sport"],
                credits_charged=update["credits_charged"],
                data=update["data"] if feed == "results" else None,
            )
            if seen == pushes:
                break
    except StreamAuthError as exc:
        out(step="raised", kind="auth", message=str(exc))
        return
    except InsufficientCreditsError as exc:
        out(step="raised", kind="credits", message=str(exc))
        return
    except StreamError as exc:
        out(step="raised", kind="stream", message=str(exc))
        return
    out(step="done")


if __name__ == "__main__":
    asyncio.run(
        main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]), *sys.argv[6:8])
    )
