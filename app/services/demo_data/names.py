"""Names, places and words the demo data is made of (a few non-ASCII on purpose)."""
from __future__ import annotations

# --------------------------------------------------------------------------------

# (country, given names, family names): the first market first, then the other places the
# demo statement sells in. A few non-ASCII names keep encodings honest end to end.
CULTURES = (
    ("GH", ("Ama", "Kofi", "Akosua", "Yaw", "Esi", "Kwesi", "Abena", "Kwame", "Adwoa", "Kojo"),
     ("Mensah", "Asante", "Boateng", "Owusu", "Appiah", "Darko", "Ofori", "Quaye", "Addo")),
    ("NG", ("Chidi", "Ngozi", "Femi", "Bisi", "Emeka", "Zainab", "Tobi", "Adaeze", "Ṣeun"),
     ("Okafor", "Adeyemi", "Balogun", "Eze", "Nwosu", "Bello", "Adébáyọ̀", "Okonkwo")),
    ("GB", ("Oliver", "Grace", "Harry", "Amelia", "Priya", "Callum", "Niamh"),
     ("Clarke", "Hughes", "Walker", "Patel", "Evans", "O'Brien")),
    ("DE", ("Lukas", "Anna", "Felix", "Marie", "Jürgen", "Leonie"),
     ("Becker", "Schmidt", "Wagner", "Hoffmann", "Müller", "Krüger")),
)
COMPANY_WORDS = ("Gold", "Harbour", "Savannah", "Lagoon", "Kente", "Northern", "Volta",
                  "Copper", "Baobab", "Delta", "Palm", "Iron", "Ridge", "Coast", "Highlife")
LABEL_SUFFIXES = ("Records", "Music", "Recordings", "Sound")
PUBLISHER_SUFFIXES = ("Songs", "Music Publishing", "Editions")
TITLE_WORDS = ("Golden", "Night", "Rain", "Market", "Sunday", "Harmattan", "River", "Fire",
                "Dance", "Home", "Ocean", "Street", "Moon", "Highlife", "Road", "Heart",
                "Sweet", "Lights", "Money", "Blessing", "Wave", "Time", "Groove", "Echo")
VERSIONS = ("Acoustic", "Remix", "Radio Edit", "Live")
BANKS = {"GH": ("GCB", "Ecobank", "Fidelity"), "NG": ("GTBank", "Access", "Zenith"),
          "GB": ("Barclays", "Monzo", "HSBC"), "DE": ("Sparkasse", "DKB", "Commerzbank")}
MOBILE_MONEY = {"GH": ("MTN MoMo", "Telecel Cash"), "NG": ("OPay", "MTN MoMo")}
