"""Store names as reported by distributors, mapped to stable slugs and usage types."""

import functools
import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Store:
    """A store (DSP) a statement line comes from.

    ``slug`` is a stable lowercase id ('apple_music'), ``label`` the display
    name ('Apple Music') and ``usage_type`` what the money is for: 'stream',
    'download', 'ugc' (user-generated content: Content ID, TikTok...) or
    'other' when the store is not known. Statement adapters also build Stores
    for the distributors and societies that are their own source, with
    'physical' or 'performance' usage.
    """

    slug: str
    label: str
    usage_type: str


_YOUTUBE = Store("youtube", "YouTube", "stream")
_YOUTUBE_UGC = Store("youtube", "YouTube", "ugc")

# Matched against the store name squeezed to lowercase letters and digits, so
# 'YouTube (Ads)', 'Youtube Music' and 'YouTube (Red) - Composition' all reach
# 'youtube...'. First match wins: specific prefixes come before general ones.
_BY_PREFIX: tuple[tuple[str, Store], ...] = (
    ("youtubecontentid", _YOUTUBE_UGC),
    ("youtubeshorts", _YOUTUBE_UGC),
    ("youtube", _YOUTUBE),
    ("spotify", Store("spotify", "Spotify", "stream")),
    ("applemusic", Store("apple_music", "Apple Music", "stream")),
    ("itunes", Store("itunes", "iTunes", "download")),
    ("amazonmp3", Store("amazon_music", "Amazon Music", "download")),
    ("amazondownload", Store("amazon_music", "Amazon Music", "download")),
    ("amazon", Store("amazon_music", "Amazon Music", "stream")),
    ("deezer", Store("deezer", "Deezer", "stream")),
    ("napster", Store("napster", "Napster", "stream")),
    ("tidal", Store("tidal", "TIDAL", "stream")),
    ("pandora", Store("pandora", "Pandora", "stream")),
    ("soundcloud", Store("soundcloud", "SoundCloud", "stream")),
    ("audiomack", Store("audiomack", "Audiomack", "stream")),
    ("anghami", Store("anghami", "Anghami", "stream")),
    ("boomplay", Store("boomplay", "Boomplay", "stream")),
    ("bandcamp", Store("bandcamp", "Bandcamp", "download")),
    ("iheart", Store("iheartradio", "iHeartRadio", "stream")),
    ("tiktok", Store("tiktok", "TikTok", "ugc")),
    ("instagramfacebook", Store("facebook", "Facebook", "ugc")),
    ("facebook", Store("facebook", "Facebook", "ugc")),
    ("instagram", Store("instagram", "Instagram", "ugc")),
    ("snapchat", Store("snapchat", "Snapchat", "ugc")),
)


def slugify(name: str) -> str:
    """Return a lowercase ASCII slug: accents dropped, other runs of non-alphanumerics as '_'.

    'Claro Música' -> 'claro_musica'; may be '' for names with no letters or digits.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")


# Statements name a few dozen stores over millions of rows.
@functools.lru_cache(maxsize=4096)
def classify_store(name: str) -> Store:
    """Map a reported store name to a ``Store``.

    Known stores get their canonical slug, label and usage type; any other
    name gets ``Store(slugify(name), name with whitespace collapsed, 'other')``. Raises
    ``ValueError`` if the name has no letters or digits.
    """
    slug = slugify(name)
    if not slug:
        raise ValueError(f"store name has no letters or digits: {name!r}")
    squeezed = slug.replace("_", "")
    for prefix, store in _BY_PREFIX:
        if squeezed.startswith(prefix):
            return store
    return Store(slug, " ".join(name.split()), "other")
