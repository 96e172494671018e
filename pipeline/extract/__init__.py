"""The extraction stage: news articles in, schema events out (see shared/events-schema.md).

    from pipeline.extract import extract_file, extract_articles, explain, load_pipeline
"""

from .api import EXTRACTOR_VERSION, Explained, ExtractInputError, explain, extract_articles, extract_file
from .model import load_pipeline

__all__ = ["EXTRACTOR_VERSION", "Explained", "ExtractInputError", "explain", "extract_articles",
           "extract_file", "load_pipeline"]
