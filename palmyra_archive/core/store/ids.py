"""Distinct id types, so an article id is never passed where an annotation id belongs."""

from typing import NewType

SourceId = NewType("SourceId", int)
ArticleId = NewType("ArticleId", int)
CopyId = NewType("CopyId", int)
OutletId = NewType("OutletId", int)
TagId = NewType("TagId", int)
AnnotationId = NewType("AnnotationId", int)
NoteId = NewType("NoteId", int)
CollectionId = NewType("CollectionId", int)
SavedSearchId = NewType("SavedSearchId", int)
