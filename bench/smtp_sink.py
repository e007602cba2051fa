"""A local SMTP server in its own process for the outbox benchmark: accepts every
message and appends it to a file, so the sender's rate is not shared with the server's
CPU (an in-process aiosmtpd would take the sender's GIL).

    python bench/smtp_sink.py PORT FILE     (runs until terminated; prints "ready")
"""

import struct
import sys
import threading

from aiosmtpd.controller import Controller


class _FileInbox:
    def __init__(self, path):
        self.file, self.lock = open(path, "ab"), threading.Lock()  # noqa: SIM115 -- open for the server's life

    async def handle_DATA(self, _server, _session, envelope):
        with self.lock:
            self.file.write(struct.pack(">I", len(envelope.content)) + envelope.content)
            self.file.flush()
        return "250 OK"


def read_messages(path):
    """The raw messages a sink wrote to `path`, in arrival order."""
    data, messages, offset = open(path, "rb").read(), [], 0  # noqa: SIM115
    while offset < len(data):
        (size,) = struct.unpack(">I", data[offset:offset + 4])
        messages.append(data[offset + 4:offset + 4 + size])
        offset += 4 + size
    return messages


def main():
    port, path = int(sys.argv[1]), sys.argv[2]
    controller = Controller(_FileInbox(path), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
