"""A console given a pair's addresses (``--hub URL1,URL2``) starts while the first is down: the
media core, in the window's process or in its worker, joins the first address that takes it
and says which."""

import pytest

from console.media.client import MediaClient
from console.media.service import LoopThread, MediaService
from console.signaling import ChannelClosed
from tests.media.test_kept_through_hub_restart import HubProcess
from tests.ports import free_port


@pytest.mark.parametrize("media_class", [MediaService, MediaClient], ids=["in the window", "media worker"])
def test_a_console_given_a_down_hub_first_joins_the_next(media_db, media_class):
    path, tokens = media_db
    down = f"http://127.0.0.1:{free_port()}"  # nothing listens there: the lost machine
    hub = HubProcess(path)
    hub.start()
    try:
        thread = LoopThread("test-media")
        media = media_class(thread, program=False)
        try:
            welcome = media.connect([down, hub.url], tokens["operator"]).result(60)
            assert welcome["type"] == "welcome"
            assert media.hub_url == hub.url
        finally:
            media.close().result(30)
            thread.stop()
    finally:
        hub.kill()


def test_a_console_whose_every_hub_is_down_says_so_as_with_one(media_db):
    path, tokens = media_db
    thread = LoopThread("test-media")
    media = MediaService(thread, program=False)
    down = [f"http://127.0.0.1:{free_port()}", f"http://127.0.0.1:{free_port()}"]
    try:
        with pytest.raises((ChannelClosed, OSError)):
            media.connect(down, tokens["operator"]).result(60)
    finally:
        media.close().result(30)
        thread.stop()
