#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into an EMPTY database and an empty folder.
#
#   PORTAL_DATABASE_URL=postgresql+psycopg://portal@db:5432/portal_restored \
#   PORTAL_ATTACHMENT_DIRECTORY=/srv/boligportalen/attachments-restored \
#   PORTAL_MEDIA_DIRECTORY=/srv/boligportalen/media-restored \
#   deploy/restore.sh /srv/backups/boligportalen-20261130T020000Z
#
# Checks the checksums first, then restores the schema and rows (with the audit log's
# triggers) and unpacks the files and pictures readable by the portal's user only. It refuses
# a database that already has tables, and a folder that already holds files: a restore never
# mixes with what is there. Create the database first: createdb -O portal portal_restored.
set -euo pipefail

folder="${1:?usage: deploy/restore.sh BACKUP_FOLDER}"
database_url="${PORTAL_DATABASE_URL:?PORTAL_DATABASE_URL must name the (empty) PostgreSQL database}"
attachments="${PORTAL_ATTACHMENT_DIRECTORY:?PORTAL_ATTACHMENT_DIRECTORY must name an empty folder}"
media="${PORTAL_MEDIA_DIRECTORY:?PORTAL_MEDIA_DIRECTORY must name an empty folder}"
libpq_url="${database_url/postgresql+psycopg:\/\//postgresql://}"

(cd "$folder" && sha256sum --check --quiet SHA256SUMS)

tables="$(psql --no-psqlrc --tuples-only --no-align --dbname "$libpq_url" \
  --command "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
if [ "$tables" != "0" ]; then
  echo "restore.sh: the database already has $tables tables; restore into an empty one" >&2
  exit 1
fi
for target in "$attachments" "$media"; do
  if [ -d "$target" ] && [ -n "$(ls -A "$target")" ]; then
    echo "restore.sh: $target is not empty; restore into an empty folder" >&2
    exit 1
  fi
done

pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname "$libpq_url" "$folder/database.dump"
umask 077
mkdir -p "$attachments"
tar --extract --file "$folder/attachments.tar" --directory "$attachments" --no-same-owner
mkdir -p "$media"
tar --extract --file "$folder/media.tar" --directory "$media" --no-same-owner
echo "Restored $folder"
