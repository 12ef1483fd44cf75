"""A small Zotero data directory written from scratch with the tables of Zotero's schema
that an import reads (items, itemTypes, fields, itemData, itemDataValues, creators,
itemCreators, tags, itemTags, itemNotes, itemAttachments, deletedItems) and a storage/ folder."""

from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE itemTypes (itemTypeID INTEGER PRIMARY KEY, typeName TEXT, templateItemTypeID INT, display INT);
CREATE TABLE items (itemID INTEGER PRIMARY KEY, itemTypeID INT NOT NULL, dateAdded TIMESTAMP,
  dateModified TIMESTAMP, clientDateModified TIMESTAMP, libraryID INT NOT NULL, key TEXT NOT NULL,
  version INT NOT NULL DEFAULT 0, synced INT NOT NULL DEFAULT 0, UNIQUE (libraryID, key));
CREATE TABLE fields (fieldID INTEGER PRIMARY KEY, fieldName TEXT, fieldFormatID INT);
CREATE TABLE itemDataValues (valueID INTEGER PRIMARY KEY, value UNIQUE);
CREATE TABLE itemData (itemID INT, fieldID INT, valueID INT, PRIMARY KEY (itemID, fieldID));
CREATE TABLE creators (creatorID INTEGER PRIMARY KEY, firstName TEXT, lastName TEXT, fieldMode INT);
CREATE TABLE creatorTypes (creatorTypeID INTEGER PRIMARY KEY, creatorType TEXT);
CREATE TABLE itemCreators (itemID INT NOT NULL, creatorID INT NOT NULL, creatorTypeID INT NOT NULL DEFAULT 1,
  orderIndex INT NOT NULL DEFAULT 0, PRIMARY KEY (itemID, creatorID, creatorTypeID, orderIndex));
CREATE TABLE tags (tagID INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE itemTags (itemID INT NOT NULL, tagID INT NOT NULL, type INT NOT NULL, PRIMARY KEY (itemID, tagID));
CREATE TABLE itemNotes (itemID INTEGER PRIMARY KEY, parentItemID INT, note TEXT, title TEXT);
CREATE TABLE itemAttachments (itemID INTEGER PRIMARY KEY, parentItemID INT, linkMode INT, contentType TEXT,
  charsetID INT, path TEXT, syncState INT DEFAULT 0);
CREATE TABLE deletedItems (itemID INTEGER PRIMARY KEY, dateDeleted DEFAULT CURRENT_TIMESTAMP NOT NULL);
"""

SNAPSHOT_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Water talks in Geneva end without a deal | Levant Ledger</title></head><body>
<article><h1>Water talks in Geneva end without a deal</h1>
<p class="byline">By Lina Haddad</p>
<p>Negotiators met in Geneva on Monday but left without agreement on the pumping station east
of Aleppo. Residents said the taps had been dry for eleven days.</p>
<p>A second round is planned for next week, officials said.</p></article></body></html>
"""


def make_zotero_dir(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(folder / "zotero.sqlite")
    conn.executescript(SCHEMA)
    types = {"webpage": 1, "newspaperArticle": 2, "note": 3, "attachment": 4}
    conn.executemany("INSERT INTO itemTypes VALUES (?, ?, NULL, 1)", [(v, k) for k, v in types.items()])
    fields = {"title": 1, "url": 2, "date": 3, "websiteTitle": 4, "publicationTitle": 5, "accessDate": 6}
    conn.executemany("INSERT INTO fields VALUES (?, ?, NULL)", [(v, k) for k, v in fields.items()])
    values: dict[str, int] = {}

    def item(item_id, kind, key, data=None):
        conn.execute("INSERT INTO items (itemID, itemTypeID, dateAdded, dateModified, clientDateModified, "
                     "libraryID, key) VALUES (?, ?, '2024-05-02 10:00:00', '2024-05-02 10:00:00', "
                     "'2024-05-02 10:00:00', 1, ?)", [item_id, types[kind], key])
        for name, value in (data or {}).items():
            if value not in values:
                values[value] = len(values) + 1
                conn.execute("INSERT INTO itemDataValues VALUES (?, ?)", [values[value], value])
            conn.execute("INSERT INTO itemData VALUES (?, ?, ?)", [item_id, fields[name], values[value]])

    item(1, "webpage", "AB12CD34", {"title": "Water talks in Geneva end without a deal",
                                    "url": "https://levant-ledger.example/2024/05/water-talks",
                                    "date": "2024-05-01 May 1, 2024", "websiteTitle": "Levant Ledger"})
    item(2, "attachment", "SNAP0001")
    conn.execute("INSERT INTO itemAttachments VALUES (2, 1, 1, 'text/html', NULL, 'storage:water-talks.html', 0)")
    snap = folder / "storage" / "SNAP0001"
    snap.mkdir(parents=True)
    (snap / "water-talks.html").write_text(SNAPSHOT_HTML, encoding="utf-8")
    item(3, "note", "NOTE0001")
    conn.execute("INSERT INTO itemNotes VALUES (3, 1, '<div><p>Compare with the <b>OCHA</b> figures.</p></div>', 'Compare')")
    item(4, "newspaperArticle", "EF56GH78", {"title": "Palmyra museum reopens its doors",
                                             "date": "2019-10-00 October 2019",
                                             "publicationTitle": "The Desert Review"})
    item(5, "attachment", "PDF00001")
    conn.execute("INSERT INTO itemAttachments VALUES (5, 4, 1, 'application/pdf', NULL, 'storage:museum.pdf', 0)")
    (folder / "storage" / "PDF00001").mkdir(parents=True)
    (folder / "storage" / "PDF00001" / "museum.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n")
    item(6, "webpage", "IJ90KL12", {"title": "Notes on the Tadmur road", "url": "https://blog.example/tadmur"})
    item(7, "webpage", "TRASH001", {"title": "Deleted item"})
    conn.execute("INSERT INTO deletedItems (itemID) VALUES (7)")
    conn.execute("INSERT INTO creators VALUES (1, 'Lina', 'Haddad', 0), (2, 'Omar', 'Saleh', 0)")
    conn.execute("INSERT INTO itemCreators VALUES (1, 1, 1, 0), (4, 2, 1, 0)")
    conn.execute("INSERT INTO tags VALUES (1, 'water'), (2, 'heritage/museums')")
    conn.execute("INSERT INTO itemTags VALUES (1, 1, 0), (4, 2, 0)")
    conn.commit()
    conn.close()
    return folder
