#!/usr/bin/env bash
# Back up Boligportalen: the PostgreSQL database, the files residents sent and the pictures
# editors put on pages, together.
#
#   PORTAL_DATABASE_URL=postgresql+psycopg://portal@db:5432/portal \
#   PORTAL_ATTACHMENT_DIRECTORY=/srv/boligportalen/attachments \
#   PORTAL_MEDIA_DIRECTORY=/srv/boligportalen/media \
#   deploy/backup.sh /srv/backups
#
# Writes /srv/backups/boligportalen-<UTC time>/ with database.dump (pg_dump's custom
# format), attachments.tar, media.tar and SHA256SUMS, readable by its owner only, and
# prints its path.
# The database is dumped first and the files second: a file is written before the row
# that points at it is committed, so every file a dumped row names is in the tar. Do not run
# `flask purge-expired` at the same moment (it deletes files). See docs/PRODUCTION.md.
set -euo pipefail

destination="${1:?usage: deploy/backup.sh DESTINATION_FOLDER}"
database_url="${PORTAL_DATABASE_URL:?PORTAL_DATABASE_URL must name the PostgreSQL database}"
attachments="${PORTAL_ATTACHMENT_DIRECTORY:?PORTAL_ATTACHMENT_DIRECTORY must name the folder of files}"
media="${PORTAL_MEDIA_DIRECTORY:?PORTAL_MEDIA_DIRECTORY must name the folder of page pictures}"
# libpq reads postgresql://; SQLAlchemy's driver name is not part of it.
libpq_url="${database_url/postgresql+psycopg:\/\//postgresql://}"

umask 077
folder="$destination/boligportalen-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$folder"
pg_dump --format=custom --no-owner --no-privileges --file "$folder/database.dump" "$libpq_url"
mkdir -p "$attachments"
tar --create --file "$folder/attachments.tar" --directory "$attachments" .
mkdir -p "$media"
tar --create --file "$folder/media.tar" --directory "$media" .
(cd "$folder" && sha256sum database.dump attachments.tar media.tar > SHA256SUMS)
echo "$folder"
