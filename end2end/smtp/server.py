"""The tests' mail server: SMTP on 127.0.0.1:<port> (aiosmtpd), each message it accepts
written as JSON (to, subject, message_id, text, html) into <dir>, one file per message.
Recipients starting "refuse-" are answered 550 (permanent), "later-" 451 (temporary).
Prints "ready" once listening; stops on SIGTERM."""
import email
import email.policy
import json
import signal
import sys
import threading
import uuid
from pathlib import Path

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, out: Path):
        self.out = out

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("refuse-"):
            return "550 5.1.1 No such mailbox"
        if address.startswith("later-"):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        part = lambda kind: (msg.get_body((kind,)) or msg).get_content()
        record = {
            "to": envelope.rcpt_tos,
            "from": str(msg["From"]),
            "subject": str(msg["Subject"]),
            "message_id": str(msg["Message-ID"]),
            "text": part("plain"),
            "html": part("html"),
        }
        name = self.out / f"{uuid.uuid4()}.json"
        tmp = name.with_suffix(".tmp")
        tmp.write_text(json.dumps(record))
        tmp.rename(name)  # readers never see half a file
        return "250 Message accepted"


def main():
    port, out = int(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    controller = Controller(Handler(out), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
