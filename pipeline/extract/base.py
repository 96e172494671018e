"""The shape every Vigía component shares, as spaCy's span_ruler has it: ``__call__`` runs
``match`` then ``set_annotations`` under the pipeline's error handler."""

from __future__ import annotations

from spacy.tokens import Doc


class MatchComponent:
    name: str

    def __call__(self, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            self.set_annotations(doc, self.match(doc))
            return doc
        except Exception as e:
            error_handler(self.name, self, [doc], e)
            return doc

    def get_error_handler(self):
        from spacy.util import raise_error

        return getattr(self, "_error_handler", raise_error)

    def set_error_handler(self, error_handler) -> None:
        self._error_handler = error_handler

    def match(self, doc: Doc):
        raise NotImplementedError

    def set_annotations(self, doc: Doc, matches) -> None:
        raise NotImplementedError
