"""Uploaded files into the server's work folder: safe names, size limits, zips of folders unpacked.

Every name (a file's relative path from a folder upload, a zip member) is checked before anything
is written: an absolute path, a drive letter, a ``..`` part or a NUL byte refuses the upload
(``UploadRefused``, status 400), never a silent fix. Hidden files and folders (``.DS_Store``,
``__MACOSX``) and files the readers do not know are skipped and reported. Sizes are counted as
bytes are written, so a zip whose headers lie about its sizes is stopped too (status 413).
"""

from __future__ import annotations

import re
import shutil
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

MB = 1 << 20
_CHUNK = 1 << 16
_DRIVE = re.compile(r"^[A-Za-z]:")
_SKIPPED_PARTS = {"__MACOSX"}


@dataclass(frozen=True)
class UploadLimits:
    """Upload bounds: per file (and per zip member), per request body, unpacked per zip, files per request."""

    max_file_bytes: int = 20 * MB
    max_request_bytes: int = 100 * MB
    max_unpacked_bytes: int = 200 * MB
    max_files: int = 1000


class UploadRefused(Exception):
    """An upload that is not stored: ``status`` (400 or 413) and a message for the user."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Stored:
    """What one upload stored: the relative names of the files kept, and those skipped with the reason."""

    files: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def megabytes(n: int) -> str:
    return f"{n / MB:.1f} MB" if n % MB else f"{n // MB} MB"


def safe_name(name: str) -> PurePosixPath:
    """The relative path of an uploaded name; raises ``UploadRefused`` for a name that leaves its folder."""
    cleaned = name.replace("\\", "/")
    if not cleaned.strip() or "\x00" in cleaned:
        raise UploadRefused(400, f"文件名无效：{name!r}")
    if cleaned.startswith("/") or _DRIVE.match(cleaned):
        raise UploadRefused(400, f"拒绝绝对路径：{name}（只接受文件或文件夹内的相对路径）")
    parts = [p for p in cleaned.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        raise UploadRefused(400, f"拒绝含“..”的路径：{name}（不得写到上传文件夹之外）")
    if not parts or any(len(p.encode("utf-8")) > 255 for p in parts):
        raise UploadRefused(400, f"文件名无效：{name!r}")
    return PurePosixPath(*parts)


def _skip_reason(rel: PurePosixPath) -> str | None:
    from textkit.io.readers import READERS

    if any(p.startswith(".") or p in _SKIPPED_PARTS for p in rel.parts):
        return "隐藏文件"
    if rel.suffix.lower() not in READERS:
        return "不支持的文件类型（支持 " + " ".join(sorted(READERS)) + "，以及文件夹的 .zip）"
    return None


def _target(root: Path, rel: PurePosixPath) -> Path:
    """``root / rel``, checked to stay inside ``root`` once resolved."""
    dest = root.joinpath(*rel.parts)
    if not dest.resolve().is_relative_to(root.resolve()):
        raise UploadRefused(400, f"拒绝写到上传文件夹之外：{rel}")
    return dest


def _copy_bounded(src: BinaryIO, dest: Path, limit: int, name: str, budget: list[int] | None = None) -> int:
    """Copy ``src`` to ``dest``, refusing (413) past ``limit`` bytes or past what is left of ``budget[0]``."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with open(dest, "wb") as out:
        while chunk := src.read(_CHUNK):
            written += len(chunk)
            if written > limit:
                raise UploadRefused(413, f"{name} 超过单个文件的上限 {megabytes(limit)}")
            if budget is not None and written > budget[0]:
                raise UploadRefused(413, f"{name}：压缩包解压后超过上限")
            out.write(chunk)
    if budget is not None:
        budget[0] -= written
    return written


def store_file(root: Path, name: str, data: BinaryIO, limits: UploadLimits, stored: Stored) -> None:
    """Store one uploaded file under ``root`` (a ``.zip`` is unpacked into a folder of its name)."""
    rel = safe_name(name)
    if rel.suffix.lower() == ".zip":
        unpack_zip(root, rel, data, limits, stored)
        return
    reason = _skip_reason(rel)
    if reason:
        stored.skipped.append(f"{rel}：{reason}")
        return
    _copy_bounded(data, _target(root, rel), limits.max_file_bytes, str(rel))
    stored.files.append(str(rel))


def _is_link(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def unpack_zip(root: Path, rel: PurePosixPath, data: BinaryIO, limits: UploadLimits, stored: Stored) -> None:
    """Unpack a zip of a folder into ``root/<zip name without .zip>/``; every member name is checked first."""
    try:
        archive = zipfile.ZipFile(data)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UploadRefused(400, f"{rel}：不是可读的 zip 文件（{exc}）") from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > limits.max_files:
            raise UploadRefused(413, f"{rel}：压缩包内有 {len(members)} 个文件，上限 {limits.max_files} 个")
        names = [(m, safe_name(m.filename)) for m in members]  # refuse the whole zip before writing anything
        declared = sum(m.file_size for m in members)
        if declared > limits.max_unpacked_bytes:
            raise UploadRefused(413, f"{rel}：解压后 {megabytes(declared)}，超过上限 {megabytes(limits.max_unpacked_bytes)}")
        folder = rel.with_suffix("")
        budget = [limits.max_unpacked_bytes]
        for member, member_rel in names:
            shown = folder / member_rel
            reason = "符号链接" if _is_link(member) else _skip_reason(member_rel)
            if reason:
                stored.skipped.append(f"{rel}/{member_rel}：{reason}")
                continue
            try:
                with archive.open(member) as src:
                    _copy_bounded(src, _target(root, shown), limits.max_file_bytes, f"{rel}/{member_rel}", budget)
            except (RuntimeError, zipfile.BadZipFile, NotImplementedError) as exc:  # encrypted, corrupt, unknown method
                raise UploadRefused(400, f"{rel}/{member_rel}：无法解压（{exc}）") from None
            stored.files.append(str(shown))


def remove_tree(path: Path) -> None:
    """Delete a folder and everything in it (nothing if it is gone)."""
    shutil.rmtree(path, ignore_errors=True)
