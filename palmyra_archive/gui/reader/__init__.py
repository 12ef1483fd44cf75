"""The reader pane: Article, Source, Provenance and Comments tabs."""
