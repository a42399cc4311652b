"""`make deploy-check`: start the production stack on this machine from the shipped files, loopback only, and check it.

What is started comes from the files under deploy/: the systemd units are checked with `systemd-analyze verify`, and
the application is started from maillage.service's own ExecStartPre/ExecStart lines (settings check, migrations,
static files, gunicorn with deploy/gunicorn.conf.py) in the environment of docs/maillage.env.exemple filled with
generated secrets; nginx runs deploy/nginx/maillage.conf with a self-signed certificate. The only changes to the
shipped files are the install paths (/srv/maillage/app → this checkout, the certificate, the logs) and the ports
(loopback, high), each a substitution that fails loudly if the file no longer contains what it replaces.

Then, over nginx: HTTP redirects to HTTPS; the login page, a guide page, the health endpoints answer over HTTPS with
the security headers; a static file is served by nginx itself; a login form posts through the proxy (CSRF and
X-Forwarded-Proto right); a job runs from the job unit's ExecStart; the access logs hold no query string. Everything
is stopped at the end, whatever happened."""

import argparse
import base64
import datetime
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyrage

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
INSTALL_DIR = "/srv/maillage/app"
SITE = "maillage.exemple.fr"
HOST = "localhost"


START = time.monotonic()


def log(message):
    print(f"[deploy-check {time.monotonic() - START:5.1f} s] {message}", flush=True)


class CheckFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)
    log(f"ok: {message}")


def substitute(text, replacements, source):
    for old, new in replacements:
        if old not in text:
            raise CheckFailed(f"{source} no longer contains {old!r}: update deploy/check.py with it")
        text = text.replace(old, new)
    return text


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CheckFailed(f"process exited with {process.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise CheckFailed(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


def self_signed_certificate(directory):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(HOST)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "fullchain.pem", directory / "privkey.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    key_path.chmod(0o600)
    return cert_path, key_path


def environment_file(tmp, *, app_port, https_port, database_url, redis_url):
    """docs/maillage.env.exemple, every variable it lists filled in for this machine, plus what the check needs."""
    values = {
        "MAILLAGE_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}:{https_port}",
        "DATABASE_URL": database_url,
        "FIELD_ENCRYPTION_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "BLIND_INDEX_KEY": secrets.token_urlsafe(48),
        "AUDIT_CHAIN_KEY": secrets.token_urlsafe(48),
        "REFERENCE_DATA_DIR": os.environ.get("REFERENCE_DATA_DIR", str(ROOT.parent / "shared" / "data")),
        "TERRITORY_ARRONDISSEMENT": "596",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": "25",
        "EMAIL_USE_TLS": "true",
        "DEFAULT_FROM_EMAIL": "Maillage <ne-pas-repondre@localhost>",
        "REDIS_URL": redis_url,
        "TRUSTED_PROXY_COUNT": "1",
        "STATIC_ROOT": str(tmp / "static"),
        "MAILLAGE_BIND": f"127.0.0.1:{app_port}",
        "MAILLAGE_BACKUP_DIR": str(tmp / "sauvegardes"),
        "MAILLAGE_BACKUP_KEY": str(pyrage.x25519.Identity.generate().to_public()),
        "GUNICORN_WORKERS": "2",
        "MAILLAGE_HEALTH_MIN_FREE_MB": "100",
    }
    example = (ROOT / "docs" / "maillage.env.exemple").read_text()
    listed = [line.split("=", 1)[0] for line in example.splitlines() if "=" in line and not line.startswith("#")]
    missing = [name for name in listed if name not in values]
    if missing:
        raise CheckFailed(f"docs/maillage.env.exemple lists {missing}, which deploy/check.py does not fill")
    lines = [f"{name}={value}" for name, value in values.items() if value != ""]
    path = tmp / "maillage.env"
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o600)
    return path


def read_environment_file(path):
    env = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, value = line.split("=", 1)
            env[name] = value
    return env


def unit_commands(unit_text, key):
    return [line.split("=", 1)[1] for line in unit_text.splitlines() if line.startswith(f"{key}=")]


def install_units(tmp, env_path):
    """The units with this checkout as install directory and the generated environment file; verified by systemd."""
    units = tmp / "systemd"
    units.mkdir()
    for source in sorted((DEPLOY / "systemd").iterdir()):
        text = source.read_text()
        if source.suffix == ".service":
            text = substitute(text, [(INSTALL_DIR, str(ROOT)), ("/etc/maillage/maillage.env", str(env_path))], source.name)
        (units / source.name).write_text(text)
    if shutil.which("systemd-analyze"):
        names = [str(units / "maillage.service"), *(str(p) for p in sorted(units.glob("*.timer")))]
        names += [str(units / "maillage-job@backup.service")]
        shutil.copy(units / "maillage-job@.service", units / "maillage-job@backup.service")
        result = subprocess.run(["systemd-analyze", "verify", *names], cwd=units, capture_output=True, text=True, timeout=60)
        # systemd-analyze warns about users and paths of the target server that this machine does not have.
        errors = [line for line in (result.stdout + result.stderr).splitlines() if line.strip() and "/srv/maillage" not in line]
        expect(result.returncode == 0 and not errors, f"systemd-analyze verify: units valid {errors or ''}".rstrip())
    else:
        log("systemd-analyze absent: unit files not verified")
    return units


def run_unit_lines(lines, env, *, instance=None):
    for line in lines:
        if instance is not None:
            line = line.replace("%i", instance)
        argv = shlex.split(line)
        log(f"ExecStartPre: {' '.join(argv[1:])}" if instance is None else f"ExecStart: {' '.join(argv[1:])}")
        result = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            raise CheckFailed(f"{line} failed:\n{result.stdout}\n{result.stderr}")


def nginx_configuration(tmp, *, cert, key, app_port, http_port, https_port):
    site = (DEPLOY / "nginx" / "maillage.conf").read_text()
    site = substitute(
        site,
        [
            ("    listen [::]:80;\n", ""),
            ("    listen [::]:443 ssl http2;\n", ""),
            ("listen 80;", f"listen 127.0.0.1:{http_port};"),
            ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
            (f"server_name {SITE};", f"server_name {HOST};"),
            (f"/etc/letsencrypt/live/{SITE}/fullchain.pem", str(cert)),
            (f"/etc/letsencrypt/live/{SITE}/privkey.pem", str(key)),
            ("/var/log/nginx/", f"{tmp}/"),
            ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};"),
            (f"{INSTALL_DIR}/staticfiles/", f"{tmp}/static/"),
            ("root /var/www/letsencrypt;", f"root {tmp}/letsencrypt;"),
        ],
        "deploy/nginx/maillage.conf",
    )
    (tmp / "site.conf").write_text(site)
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp / "nginx-temp" / name).mkdir(parents=True, exist_ok=True)
    main = f"""
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx.error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    gzip on;
    client_body_temp_path {tmp}/nginx-temp/body;
    proxy_temp_path {tmp}/nginx-temp/proxy;
    fastcgi_temp_path {tmp}/nginx-temp/fastcgi;
    uwsgi_temp_path {tmp}/nginx-temp/uwsgi;
    scgi_temp_path {tmp}/nginx-temp/scgi;
    include {tmp}/site.conf;
}}
"""
    path = tmp / "nginx.conf"
    path.write_text(main)
    return path


def start(argv, env, log_path):
    handle = open(log_path, "w")  # noqa: SIM115 (kept open for the process's life)
    return subprocess.Popen(argv, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)


def stop(process, name):
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
    log(f"{name} stopped")


def _verified(method, cert):
    def call(*args, **kwargs):
        return method(*args, verify=cert, **kwargs)

    return call


def check_over_nginx(*, cert, http_port, https_port, tmp, env):
    import requests

    base = f"https://{HOST}:{https_port}"
    session = requests.Session()
    # The certificate for each request: an environment's REQUESTS_CA_BUNDLE would override the session's.
    for method in ("get", "post"):
        setattr(session, method, _verified(getattr(session, method), str(cert)))

    response = requests.get(f"http://127.0.0.1:{http_port}/comptes/connexion/", headers={"Host": HOST}, allow_redirects=False, timeout=10)
    expect(
        response.status_code == 301 and response.headers["Location"] == f"https://{HOST}/comptes/connexion/",
        f"HTTP redirects to HTTPS ({response.status_code} → {response.headers.get('Location')})",
    )

    login = session.get(f"{base}/comptes/connexion/", timeout=20)
    expect(login.status_code == 200 and "Connexion" in login.text, "the login page answers over HTTPS")
    headers = login.headers
    expect(headers.get("Strict-Transport-Security", "").startswith("max-age=31536000"), "Strict-Transport-Security")
    csp = headers.get("Content-Security-Policy", "")
    expect("default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp, "strict Content-Security-Policy")
    expect(headers.get("X-Content-Type-Options") == "nosniff", "X-Content-Type-Options: nosniff")
    expect(headers.get("X-Frame-Options") == "DENY", "X-Frame-Options: DENY")
    expect(headers.get("Referrer-Policy") == "same-origin", "Referrer-Policy: same-origin")
    expect("nginx/" not in headers.get("Server", ""), "nginx does not give its version")
    expect("no-store" in headers.get("Cache-Control", "") or "private" in headers.get("Cache-Control", ""), "the login page is not cached")
    csrf = session.cookies.get("__Host-csrftoken")
    expect(
        csrf is not None and any(c.secure for c in session.cookies if c.name == "__Host-csrftoken"), "the CSRF cookie is __Host- and Secure"
    )

    static = re.search(r'href="(/static/[^"]+\.css)"', login.text)
    expect(
        static is not None and re.search(r"\.[0-9a-f]{12}\.css$", static.group(1)),
        f"static files have hashed names ({static and static.group(1)})",
    )
    asset = session.get(f"{base}{static.group(1)}", timeout=10)
    expect(asset.status_code == 200 and "text/css" in asset.headers.get("Content-Type", ""), "a static file answers")
    expect("immutable" in asset.headers.get("Cache-Control", ""), "static files are served by nginx, cached for a year")
    expect(asset.headers.get("Strict-Transport-Security", "").startswith("max-age="), "static files carry HSTS too")

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    posted = session.post(
        f"{base}/comptes/connexion/",
        data={"csrfmiddlewaretoken": token, "username": "personne@exemple.test", "password": "pas-le-bon-mot-de-passe"},
        headers={"Referer": f"{base}/comptes/connexion/"},
        timeout=20,
    )
    expect(
        posted.status_code == 200 and "mot de passe incorrect" in posted.text,
        f"the login form posts through nginx and is answered (CSRF and HTTPS right) ({posted.status_code})",
    )

    guide = session.get(f"{base}/guide/?q=Dupont-Secret", timeout=20)
    expect(guide.status_code == 200 and "<h1" in guide.text, "a guide page answers")

    health = session.get(f"{base}/sante/", timeout=10)
    expect(health.status_code == 200 and health.text == "ok", "/sante/ answers ok")
    full = session.get(f"{base}/sante/complet/", timeout=20)
    expect(full.status_code == 200 and full.text == "ok", f"/sante/complet/ answers ok ({full.status_code} {full.text})")

    time.sleep(0.5)  # nginx writes its access log line after the answer
    logs = (tmp / "maillage.access.log").read_text() + (tmp / "gunicorn.log").read_text()
    expect(
        "/guide/" in logs and "Dupont-Secret" not in logs and "127.0.0.1" not in (tmp / "maillage.access.log").read_text(),
        "access logs hold no query string nor address",
    )


def ensure_database(url):
    """An empty PostgreSQL database for the check (created when missing; a previous run's is reused, migrations are
    then a no-op)."""
    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    exists = subprocess.run(
        ["psql", server, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"], capture_output=True, text=True, timeout=30
    )
    if exists.returncode != 0:
        raise CheckFailed(f"PostgreSQL does not answer: {exists.stderr}")
    if exists.stdout.strip() != "1":
        subprocess.run(["psql", server, "-c", f'CREATE DATABASE "{name}"'], check=True, capture_output=True, timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("DEPLOY_CHECK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/maillage_deploy_check")
    )
    parser.add_argument("--redis-url", default=os.environ.get("DEPLOY_CHECK_REDIS_URL", "redis://127.0.0.1:6379/14"))
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (configuration and logs)")
    args = parser.parse_args()

    started = time.monotonic()
    nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx_bin).exists():
        raise CheckFailed("nginx is missing: `make deploy-check` installs it (Debian package nginx)")
    tmp = Path(tempfile.mkdtemp(prefix="maillage-deploy-check-"))
    tmp.chmod(0o755)  # nginx's worker (nobody) reads the static files under it
    gunicorn = nginx = None
    ok = False
    try:
        app_port, http_port, https_port = free_port(), free_port(), free_port()
        ensure_database(args.database_url)
        cert, key = self_signed_certificate(tmp)
        env_path = environment_file(tmp, app_port=app_port, https_port=https_port, database_url=args.database_url, redis_url=args.redis_url)
        units = install_units(tmp, env_path)
        service = (units / "maillage.service").read_text()
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", **read_environment_file(env_path)}

        run_unit_lines(unit_commands(service, "ExecStartPre"), env)
        (start_line,) = unit_commands(service, "ExecStart")
        log(f"ExecStart: {start_line}")
        gunicorn = start(shlex.split(start_line), env, tmp / "gunicorn.log")
        wait_for_port(app_port, gunicorn)

        conf = nginx_configuration(tmp, cert=cert, key=key, app_port=app_port, http_port=http_port, https_port=https_port)
        tested = subprocess.run([nginx_bin, "-t", "-c", str(conf), "-p", str(tmp)], capture_output=True, text=True, timeout=30)
        expect(
            tested.returncode == 0,
            f"nginx -t accepts deploy/nginx/maillage.conf {tested.stderr.strip() if tested.returncode else ''}".rstrip(),
        )
        nginx = start([nginx_bin, "-c", str(conf), "-p", str(tmp), "-g", "daemon off;"], env, tmp / "nginx.out")
        wait_for_port(https_port, nginx)
        wait_for_port(http_port, nginx)

        job = (units / "maillage-job@.service").read_text()
        run_unit_lines(unit_commands(job, "ExecStart"), env, instance="notifications")
        run_unit_lines(unit_commands(job, "ExecStart"), env, instance="backup")  # /sante/complet/ wants a recent backup

        check_over_nginx(cert=cert, http_port=http_port, https_port=https_port, tmp=tmp, env=env)
        ok = True
    except Exception as failure:
        log(f"ÉCHEC: {type(failure).__name__}: {failure}")
        for name in ("gunicorn.log", "nginx.error.log", "nginx.out", "maillage.error.log"):
            path = tmp / name
            if path.exists() and path.stat().st_size:
                log(f"--- {name} (end) ---")
                print(path.read_text()[-3000:], flush=True)
    finally:
        stop(nginx, "nginx")
        stop(gunicorn, "gunicorn")
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    elapsed = time.monotonic() - started
    if not ok:
        log(f"deployment check failed after {elapsed:.0f} s")
        return 1
    log(f"deployment check passed in {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
