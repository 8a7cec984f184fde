"""Running the platform for years: backups that restore, and a check of a deployment (doctor)."""

from ipatlas.maintenance.backup import BackupResult, RestoreResult, backup, restore
from ipatlas.maintenance.doctor import Check, doctor

__all__ = ["BackupResult", "Check", "RestoreResult", "backup", "doctor", "restore"]
