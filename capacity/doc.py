"""The document model every command's result is drawn as: a Doc of Views (title, Columns, rows of
display strings, notes). Views (``capacity.views``) build these; renderers (``capacity.render``) draw
them. Plain data: no rendering and no claim arithmetic here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional


@dataclass
class Column:
    key: str
    header: str
    align: str = "left"  # left | right | center
    style: Optional[str] = None
    no_wrap: bool = True
    max_width: Optional[int] = None
    min_width: Optional[int] = None
    drop: bool = False  # decoration (a bar): left out first when the table does not fit the terminal
    head: bool = False  # shown beside the record's id when the table is laid out one record per block


@dataclass
class View:
    title: str
    columns: list[Column]
    rows: list[dict]  # display strings by column key
    raw: Optional[list[dict]] = None  # flat raw values for csv (default: rows)
    styles: list[Optional[str]] = field(default_factory=list)  # a rich style per row
    notes: list[str] = field(default_factory=list)  # lines printed under the table
    caption: Optional[str] = None
    sheet: Optional[str] = None  # the xlsx sheet's name (default: the title)
    lang: str = "en"  # the language of the renderer's own words (capacity.i18n)


@dataclass
class Doc:
    payload: Any
    views: list[View]
    header: list[str] = field(default_factory=list)  # lines above the tables
    footer: list[str] = field(default_factory=list)  # lines below all tables
    csv_rows: Optional[list[dict]] = None  # one tidy table for csv (default: views' raw rows)


__all__ = ["Column", "View", "Doc"]
