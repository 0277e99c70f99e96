"""A language-server client for the benchmarks: frames messages over a server's stdin and
stdout, answers the server's own requests, and waits for the messages a benchmark asks for."""
import json
import subprocess


class Client:
    """`command` started as a language server on stdio (its standard error as `stderr`)."""

    def __init__(self, command, env=None, stderr=None):
        self.server = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       stderr=stderr, env=env)

    def send(self, message):
        body = json.dumps(message).encode()
        self.server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.server.stdin.flush()

    def wait(self, predicate):
        """Reads messages until one satisfies `predicate`, answering requests on the way."""
        while True:
            length = 0
            while (line := self.server.stdout.readline()) != b"\r\n":
                if not line:
                    raise RuntimeError("the language server stopped")
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            message = json.loads(self.server.stdout.read(length))
            if "method" in message and "id" in message:
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            elif predicate(message):
                return message

    def initialize(self):
        self.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                   "params": {"capabilities": {}}})
        self.wait(lambda m: m.get("id") == 1)
        self.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})

    def open(self, uri, text):
        self.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}})

    def diagnostics(self, version=None):
        """Waits for diagnostics (of `version`, when given)."""
        return self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                         and (version is None or m["params"].get("version") in (version, None)))

    def shut_down(self):
        self.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
        self.wait(lambda m: m.get("id") == 2)
        self.send({"jsonrpc": "2.0", "method": "exit"})
        self.server.stdin.close()
