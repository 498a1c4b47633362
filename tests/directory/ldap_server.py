"""A real OpenLDAP server (Debian's slapd) for the directory sign-in tests: a temporary
slapd.conf with an mdb database, loaded with slapadd from a small LDIF, listening on a
spare port of 127.0.0.1. The directory of the agency "Bộ Thử nghiệm":

- ou=people: lan (employee code NV-LD-01: leadership and unit head), minh (no employee
  code, matched by e-mail: emulation office), khoa (in the disabled group, OpenLDAP's way),
  tuan (userAccountControl 514, Active Directory's disabled flag), khach (no Thi Đua
  person), quantri (the same name as the local break-glass superuser).
- ou=groups: lanh-dao, truong-don-vi, thi-dua, vo-hieu-hoa (groupOfNames).
- cn=thidua-svc: the service account that searches users.

With `tls` (tls_files_make: a test CA and a certificate it signs for 127.0.0.1) the server
also offers StartTLS, as an agency's directory does (THIDUA_LDAP_START_TLS, _CA_FILE).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Address
from pathlib import Path

SLAPD = "/usr/sbin/slapd"
SLAPADD = "/usr/sbin/slapadd"
SCHEMA_DIR = Path("/etc/ldap/schema")
MODULE_DIR = Path("/usr/lib/ldap")

SUFFIX = "dc=thidua,dc=test"
PEOPLE = f"ou=people,{SUFFIX}"
GROUPS = f"ou=groups,{SUFFIX}"
SERVICE_DN = f"cn=thidua-svc,{SUFFIX}"
SERVICE_PASSWORD = "svc-Bí-mật-2026"
PASSWORDS = {
    "lan": "Lan-thư-mục-2026",
    "minh": "Minh-thư-mục-2026",
    "khoa": "Khoa-thư-mục-2026",
    "tuan": "Tuan-thư-mục-2026",
    "khach": "Khach-thư-mục-2026",
    "quantri": "Quantri-thư-mục-2026",
}


def group_dn(name: str) -> str:
    return f"cn={name},{GROUPS}"


def user_dn(uid: str) -> str:
    return f"uid={uid},{PEOPLE}"


# Active Directory's userAccountControl (same OID), carried by a small auxiliary class so an
# OpenLDAP entry can be disabled the way AD disables one.
AD_SCHEMA = """
attributetype ( 1.2.840.113556.1.4.8 NAME 'userAccountControl'
  EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.55555.1.1 NAME 'thiduaAdAccount' AUXILIARY
  MAY ( userAccountControl ) )
"""

SLAPD_CONF = """
include {schema}/core.schema
include {schema}/cosine.schema
include {schema}/inetorgperson.schema
include {tmp}/ad.schema
{tls}modulepath {modules}
moduleload back_mdb
pidfile {tmp}/slapd.pid
argsfile {tmp}/slapd.args
database mdb
maxsize 10485760
suffix "{suffix}"
rootdn "cn=admin,{suffix}"
rootpw admin-secret
directory {tmp}/data
access to attrs=userPassword by anonymous auth by self read by * none
access to * by users read by * none
"""


def _person(uid: str, cn: str, sn: str, given: str, mail: str, extra: str = "") -> str:
    return f"""dn: {user_dn(uid)}
objectClass: inetOrgPerson
{"objectClass: thiduaAdAccount" if "userAccountControl" in extra else ""}
uid: {uid}
cn: {cn}
sn: {sn}
givenName: {given}
mail: {mail}
userPassword: {PASSWORDS[uid]}
{extra}
"""


def _group(name: str, *members: str) -> str:
    lines = "\n".join(f"member: {user_dn(m)}" for m in members)
    return f"""dn: {group_dn(name)}
objectClass: groupOfNames
cn: {name}
{lines}
"""


def directory_ldif() -> str:
    entries = [
        f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: thidua\no: Bo\n",
        f"dn: {PEOPLE}\nobjectClass: organizationalUnit\nou: people\n",
        f"dn: {GROUPS}\nobjectClass: organizationalUnit\nou: groups\n",
        f"dn: {SERVICE_DN}\nobjectClass: applicationProcess\nobjectClass: simpleSecurityObject\n"
        f"cn: thidua-svc\nuserPassword: {SERVICE_PASSWORD}\n",
        _person(
            "lan", "Nguyễn Thị Lan", "Nguyễn", "Lan", "lan@bo.test", "employeeNumber: NV-LD-01"
        ),
        _person("minh", "Trần Văn Minh", "Trần", "Minh", "Minh.Tran@bo.test"),
        _person("khoa", "Lê Khoa", "Lê", "Khoa", "khoa@bo.test", "employeeNumber: NV-LD-03"),
        _person(
            "tuan",
            "Phạm Tuấn",
            "Phạm",
            "Tuấn",
            "tuan@bo.test",
            "employeeNumber: NV-LD-04\nuserAccountControl: 514",
        ),
        _person("khach", "Khách Lạ", "Khách", "Lạ", "khach@elsewhere.test", "employeeNumber: X-1"),
        _person("quantri", "Quản Trị", "Quản", "Trị", "quantri@bo.test"),
        _group("lanh-dao", "lan"),
        _group("truong-don-vi", "lan"),
        _group("thi-dua", "minh"),
        _group("vo-hieu-hoa", "khoa"),
    ]
    # Blank lines inside an entry would end it: drop the empty optional lines.
    blocks = ["\n".join(line for line in e.splitlines() if line.strip()) for e in entries]
    return "\n\n".join(blocks) + "\n"


def slapd_available() -> bool:
    return Path(SLAPD).exists() and Path(SLAPADD).exists() and (MODULE_DIR / "back_mdb.la").exists()


@dataclass(frozen=True)
class TlsFiles:
    ca: Path  # the CA certificate a client trusts (THIDUA_LDAP_CA_FILE)
    certificate: Path  # the server's, signed by that CA, for 127.0.0.1
    key: Path

    def slapd_conf(self) -> str:
        return (
            f"TLSCACertificateFile {self.ca}\n"
            f"TLSCertificateFile {self.certificate}\n"
            f"TLSCertificateKeyFile {self.key}\n"
        )


def _rsa_key():
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _certificate(*, subject: str, key, issuer: str, issuer_key, ca: bool):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if not ca:
        names = [x509.IPAddress(IPv4Address("127.0.0.1")), x509.DNSName("localhost")]
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def tls_files_make(folder: Path, *, name: str = "Thi Dua test CA") -> TlsFiles:
    """A CA called `name` and a server certificate for 127.0.0.1 it signs, as PEM files in
    `folder` (a second call with another name: a CA that vouches for no server here)."""
    from cryptography.hazmat.primitives import serialization

    folder.mkdir(parents=True, exist_ok=True)
    slug = name.lower().replace(" ", "-")
    ca_key, server_key = _rsa_key(), _rsa_key()
    ca_cert = _certificate(subject=name, key=ca_key, issuer=name, issuer_key=ca_key, ca=True)
    server_cert = _certificate(
        subject="127.0.0.1", key=server_key, issuer=name, issuer_key=ca_key, ca=False
    )
    pem = serialization.Encoding.PEM
    files = TlsFiles(
        ca=folder / f"{slug}-ca.pem",
        certificate=folder / f"{slug}-server.pem",
        key=folder / f"{slug}-server.key",
    )
    files.ca.write_bytes(ca_cert.public_bytes(pem))
    files.certificate.write_bytes(server_cert.public_bytes(pem))
    files.key.write_bytes(
        server_key.private_bytes(
            pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return files


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LdapServer:
    uri: str
    process: subprocess.Popen
    tmp: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        shutil.rmtree(self.tmp, ignore_errors=True)


def start_ldap_server(*, tls: TlsFiles | None = None) -> LdapServer:
    """slapd on a spare port of 127.0.0.1 with the small directory; with `tls`, StartTLS is
    offered with that certificate."""
    tmp = Path(tempfile.mkdtemp(prefix="thidua-slapd-"))
    (tmp / "data").mkdir()
    (tmp / "ad.schema").write_text(AD_SCHEMA)
    conf = tmp / "slapd.conf"
    conf.write_text(
        SLAPD_CONF.format(
            schema=SCHEMA_DIR,
            modules=MODULE_DIR,
            tmp=tmp,
            suffix=SUFFIX,
            tls=tls.slapd_conf() if tls else "",
        )
    )
    (tmp / "directory.ldif").write_text(directory_ldif(), encoding="utf-8")
    subprocess.run(
        [SLAPADD, "-f", str(conf), "-l", str(tmp / "directory.ldif")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    port = free_port()
    uri = f"ldap://127.0.0.1:{port}"
    # -d 0: stay in the foreground (this process owns it) without debug output.
    process = subprocess.Popen(
        [SLAPD, "-f", str(conf), "-h", uri + "/", "-d", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"slapd stopped: {process.stderr.read().decode()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return LdapServer(uri=uri, process=process, tmp=tmp)
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("slapd did not start listening within 20 s")
