# Shared by scripts/start and scripts/test: an idempotent setup of the project on this machine.
# Source it from the project root (it is not a command of its own). Every step skips what is done.

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
warn() { printf '\n\033[1;33mWARNING: %s\033[0m\n' "$*" >&2; }
die() { printf '\n\033[1;31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

# Run a command as root: directly when we are root, through passwordless sudo otherwise.
as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo -n "$@"
  else
    return 1
  fi
}

apt_install() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

# The Python to build the virtualenv with: 3.11 or newer.
find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.11 python3 python; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

ensure_venv() {
  if [ -x .venv/bin/python ] && .venv/bin/python -c 'import pip' >/dev/null 2>&1; then
    return 0
  fi
  local py
  py=$(find_python) || die "Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11)."
  say "Creating the virtualenv .venv with $py"
  rm -rf .venv
  if ! "$py" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    local minor
    minor=$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    warn "$py cannot create a virtualenv (Debian splits venv out); installing python$minor-venv"
    apt_install "python$minor-venv" || apt_install python3-venv ||
      die "Install the venv module first: sudo apt-get install python3-venv"
    "$py" -m venv .venv || die "Could not create .venv with $py"
  fi
}

# pip install a requirements file unless the same file (and what it includes) is already installed.
install_requirements() {
  local file=$1 stamp fingerprint
  stamp=".venv/.installed-$(basename "$file" .txt)"
  fingerprint=$(cat requirements.txt "$file" | sha256sum | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$fingerprint" ]; then
    return 0
  fi
  say "Installing $file (pinned)"
  .venv/bin/python -m pip install --disable-pip-version-check --no-input -q -r "$file" ||
    die "pip install -r $file failed (see above)."
  echo "$fingerprint" >"$stamp"
}

# A URL for messages, without its user and password.
url_label() { printf '%s' "$1" | sed -E 's#//[^@/]*@#//#'; }

# The database in use, for messages.
database_label() {
  if [ -n "${DATABASE_URL:-}" ]; then url_label "$DATABASE_URL"; else printf 'SQLite file var/asn_karier.sqlite3'; fi
}

migrate_database() {
  say "Migrating the database ($(database_label))"
  python manage.py migrate --noinput || die "manage.py migrate failed (see above)."
}

# Translations are compiled with Babel (pure Python, scripts/compile_translations.py): GNU gettext
# is not needed. Skipped when every .mo is newer than its .po.
compile_translations() {
  local po stale=0
  for po in locale/*/LC_MESSAGES/django.po; do
    [ -f "$po" ] || continue
    if [ ! -f "${po%.po}.mo" ] || [ "$po" -nt "${po%.po}.mo" ]; then stale=1; fi
  done
  [ "$stale" = 1 ] || return 0
  say "Compiling translations (Babel)"
  python scripts/compile_translations.py || die "Compiling the translation catalogues failed (see above)."
}

# collectstatic only when the static files or the installed packages changed since the last run.
collect_static() {
  local fingerprint stamp=staticfiles/.fingerprint
  fingerprint=$({
    find static -type f -printf '%P %s %T@\n' | sort
    cat requirements.txt
  } | sha256sum | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$fingerprint" ]; then
    return 0
  fi
  say "Collecting static files into staticfiles/"
  python manage.py collectstatic --noinput -v 0 || die "collectstatic failed (see above)."
  echo "$fingerprint" >"$stamp"
}

# Everything both commands need. Pass "dev" to add the test and tooling requirements.
setup_project() {
  ensure_venv
  install_requirements requirements.txt
  if [ "${1:-}" = dev ]; then install_requirements requirements-dev.txt; fi
  # shellcheck disable=SC1091
  . .venv/bin/activate
  mkdir -p var var/media
  migrate_database
  compile_translations
  collect_static
}
