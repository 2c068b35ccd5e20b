#!/usr/bin/env python3
"""A real SMTP server on loopback for the mail tests (aiosmtpd), saving what arrives.

    smtp_sink.py OUTDIR [--starttls CERT KEY | --tls CERT KEY] [--auth USER PASS] [--reject ADDRESS]... [--close-after N] [--port N]
    smtp_sink.py --make-certs DIR      # writes DIR/ca.pem, DIR/cert.pem, DIR/key.pem (needs `cryptography`)

Listens on 127.0.0.1 on a free port and prints that port, alone on the first line of stdout, once it accepts
connections. Every message it takes becomes OUTDIR/NNNN.json (written to a temporary name, then renamed, before the
250 reply): {"mail_from", "rcpt_tos", "data_base64" (the raw DATA bytes, dot-unstuffed), "tls" (whether the session
was encrypted), "auth_user" (the login, or null)}. --starttls requires STARTTLS before MAIL; --tls is TLS from the
first byte; --auth requires a login (only offered over TLS); --reject answers 550 to RCPT TO for that address;
--close-after N takes N messages, then answers 421 to the next one's data and closes the connection.
Runs until killed (SIGTERM/SIGINT) or until stdin closes, so a test that dies leaves no server behind.
"""
import argparse
import asyncio
import base64
import datetime
import json
import os
import signal
import ssl
import sys
import warnings

warnings.simplefilter("ignore", DeprecationWarning)  # aiosmtpd reads its own deprecated Session.login_data


def make_certs(directory):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID, ExtendedKeyUsageOID
    import ipaddress

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "logbook test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=2))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                                       key_encipherment=False, data_encipherment=False, key_agreement=False,
                                       encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "ca.pem"), "wb") as f:
        f.write(ca.public_bytes(serialization.Encoding.PEM))
    with open(os.path.join(directory, "cert.pem"), "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(os.path.join(directory, "key.pem"), "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))


class Sink:
    def __init__(self, outdir, reject, close_after=None):
        self.outdir = outdir
        self.close_after = close_after
        self.reject = {address.lower() for address in reject}
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return "550 5.1.1 <%s>: no such user here" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.close_after is not None and self.count >= self.close_after:
            asyncio.get_running_loop().call_later(0.05, server.transport.close)
            return "421 4.3.2 closing the connection"
        self.count += 1
        auth = session.auth_data
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "data_base64": base64.b64encode(envelope.original_content or envelope.content).decode("ascii"),
            "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
            "auth_user": auth.login.decode("utf-8") if auth is not None and hasattr(auth, "login") else None,
        }
        path = os.path.join(self.outdir, "%04d.json" % self.count)
        with open(path + ".tmp", "w") as f:
            json.dump(record, f)
        os.rename(path + ".tmp", path)
        return "250 2.0.0 OK queued as %04d" % self.count


async def main(args):
    from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

    os.makedirs(args.outdir, exist_ok=True)
    sink = Sink(args.outdir, args.reject, args.close_after)
    tls_pair = args.starttls or args.tls
    context = None
    if tls_pair:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(tls_pair[0], tls_pair[1])

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and args.auth is not None
              and auth_data.login == args.auth[0].encode() and auth_data.password == args.auth[1].encode())
        # handled=False: aiosmtpd itself answers 535 to a wrong login (handled=True would leave the client waiting).
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    def factory():
        options = dict(hostname="sink.test", ident="logbook smtp_sink")
        if args.starttls:
            options.update(tls_context=context, require_starttls=True)
        if args.auth:
            options.update(authenticator=authenticator, auth_required=True, auth_require_tls=True)
        return SMTP(sink, **options)

    loop = asyncio.get_running_loop()
    # A parent may start us with signals blocked (Foundation.Process does): SIGTERM must stop the server.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    server = await loop.create_server(factory, "127.0.0.1", args.port, ssl=context if args.tls else None)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)

    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    # Stop when stdin closes (the test process is gone).
    loop.add_reader(sys.stdin.fileno(), lambda: (os.read(sys.stdin.fileno(), 4096) or stop.set()) and None)
    await stop.wait()
    server.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("outdir", nargs="?")
    parser.add_argument("--make-certs", metavar="DIR")
    parser.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--auth", nargs=2, metavar=("USER", "PASS"))
    parser.add_argument("--reject", action="append", default=[], metavar="ADDRESS")
    parser.add_argument("--close-after", type=int, metavar="N", help="answer 421 to the data of message N+1 and close")
    parser.add_argument("--port", type=int, default=0, help="listen on this port (default: a free one), e.g. to bring a relay back")
    arguments = parser.parse_args()
    if arguments.make_certs:
        make_certs(arguments.make_certs)
        sys.exit(0)
    if not arguments.outdir:
        parser.error("OUTDIR is required")
    if arguments.starttls and arguments.tls:
        parser.error("--starttls and --tls exclude each other")
    asyncio.run(main(arguments))
