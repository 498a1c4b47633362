"""The directory over TLS (issue 15, point 1: "TLS option"), against a real slapd that offers
StartTLS with a certificate of a test CA (conftest.ldap_tls_server): with
THIDUA_LDAP_START_TLS and THIDUA_LDAP_CA_FILE a directory account signs in and the HR sync
reads the people; a server whose certificate that CA did not sign is not trusted — no
password goes to it, the login page says the directory cannot be reached and break-glass
administrators still sign in.

The CA file is applied per connection (ldap_config: OPT_X_TLS_NEWCTX after the TLS
options): without it libldap would check the server against the system's CAs, which know
no test CA, and the first test would fail."""

import pytest
from django.test import override_settings

from thidua.directory.hr_source import DirectoryUnreadable, read_directory_people

from . import ldap_server as ds
from . import test_ldap
from .test_ldap import DOWN, LOCAL_PASSWORD, log_in

agency = test_ldap.agency  # the fixture: Cục A's people and the break-glass superuser

pytestmark = pytest.mark.django_db


@pytest.fixture
def over_tls(ldap_tls_server, use_directory):
    """Point the settings at the TLS server, trusting `ca_file` (the server's CA unless told)."""

    def apply(ca_file=None) -> None:
        use_directory(
            ldap_tls_server.uri,
            start_tls=True,
            ca_file=str(ca_file or ldap_tls_server.tls.ca),
        )

    return apply


def test_a_directory_account_signs_in_over_starttls_with_the_agencys_ca(client, agency, over_tls):
    over_tls()
    response = log_in(client, "lan", ds.PASSWORDS["lan"])
    assert response.status_code == 302, response.content.decode()[:2000]
    person = agency["lan"]
    person.refresh_from_db()
    assert person.user is not None and person.user.username == "lan"
    assert client.session["_auth_user_id"] == str(person.user_id)


def test_a_server_the_ca_file_does_not_vouch_for_is_not_sent_a_password(
    client, agency, over_tls, ldap_tls_server
):
    over_tls(ca_file=ldap_tls_server.other_ca)
    response = log_in(client, "lan", ds.PASSWORDS["lan"])
    assert response.status_code == 200
    assert DOWN in response.content.decode()
    assert "_auth_user_id" not in client.session
    # the local administrators are not asked of the directory: they still sign in
    assert log_in(client, "quantri", LOCAL_PASSWORD).status_code == 302


HR_SYNC = {
    "THIDUA_HR_SYNC_SOURCE": "directory",
    "THIDUA_HR_SYNC_LDAP_BASE": ds.PEOPLE,
    "THIDUA_HR_SYNC_LDAP_FILTER": "",
    "THIDUA_HR_SYNC_LDAP_ATTRS": {},
    "THIDUA_HR_SYNC_LDAP_DEFAULTS": {},
}


def test_the_hr_sync_reads_the_directory_over_starttls(over_tls, ldap_tls_server):
    over_tls()
    with override_settings(**HR_SYNC):
        read = read_directory_people()
    codes = sorted(row["employee_code"] for _number, row in read.rows)
    assert codes == ["NV-LD-01", "NV-LD-03", "NV-LD-04", "X-1"]
    over_tls(ca_file=ldap_tls_server.other_ca)
    with override_settings(**HR_SYNC), pytest.raises(DirectoryUnreadable):
        read_directory_people()
