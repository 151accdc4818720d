"""Synthetic OpenAlex works in the real current work schema, for scale tests, benchmarks and the demo.

Real bulk OpenAlex is not obtainable offline, so throughput, memory and metrics at scale are
measured on works generated here. They copy the structure and size distribution of real
records (``../shared/data/openalex/``): primary location and locations, authorships with
institutions (id, ROR, country, type, lineage), raw affiliation strings, topics with
subfield/field/domain, concepts, keywords, funders and awards, references, an abstract as an
inverted index, counts by year.

How a synthetic work is recognised (one convention, two places that both say it):

* every work carries the top-level key ``"techties_synthetic": true`` (``SYNTHETIC_KEY``); the
  snapshot reader maps it to ``Work.synthetic`` and every output labels such works;
* every OpenAlex id the generator mints (works W, authors A, institutions I, sources S,
  funders F, awards G, topics T, concepts C, publishers P) is a letter, ``9``, then 11
  more digits: 12 digits, longer than any id OpenAlex issues, so it never collides with a real
  record (``is_synthetic_id``). DOIs use Crossref's test prefix ``10.5555``; ORCIDs use the
  never-issued ``0000-0000-`` block; ROR ids are well-formed but invented.

Only the topic hierarchy above topics (domains, fields, subfields) uses OpenAlex's real ids,
so that taxonomy filters (``--area``) behave as on real data.

The country mix is fixed per block of ``BLOCK`` consecutive works (``MIX``), so a snapshot of
k·200 works holds exactly k·4 China–Russia works, k·12 China–US, and so on; works are
otherwise single-country across ~30 countries, or international without two of CN/RU/US.
Each planned country has at least one authorship with a resolved institution; about 8 % of
the other authorships have no institution, only a raw affiliation string (a lab and a city,
sometimes the country, in English, Chinese or Russian) naming a country already in the work,
so the true country set of a work is the set of its institutions' country codes.
Every work is a pure function of (seed, index): the same seed gives the same bytes whatever
the number of part files.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import random
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

SYNTHETIC_KEY = "techties_synthetic"
OA = "https://openalex.org/"
BLOCK = 200
DEFAULT_SNAPSHOT_DATE = "2025-06-01"
YEARS = (2010, 2024)

# Works per block of 200 by collaboration kind (the three pairs, the trilateral, the rest).
MIX: dict[str, int] = {
    "CN-RU": 4,        # 2.0 %
    "CN-US": 12,       # 6.0 %
    "RU-US": 4,        # 2.0 %
    "CN-RU-US": 1,     # 0.5 %
    "intl-other": 29,  # 14.5 %: international, at most one of CN / RU / US
    "domestic": 150,   # 75 %: a single country
}
assert sum(MIX.values()) == BLOCK
BIG3 = frozenset({"CN", "RU", "US"})


# ---------------------------------------------------------------------------------------------
# ids
@functools.lru_cache(maxsize=1 << 18)
def _num(kind: str, key: str) -> int:
    """A stable 11-digit number for a named entity (same name → same id across runs)."""
    return int.from_bytes(hashlib.blake2b(f"{kind}:{key}".encode(), digest_size=8).digest()) % 10**11


def synthetic_id(letter: str, number: int) -> str:
    """OpenAlex URL id in the reserved synthetic range: letter + '9' + 11 digits."""
    return f"{OA}{letter}9{number % 10**11:011d}"


def is_synthetic_id(value: str | None) -> bool:
    """True for ids minted here (12 digits starting with 9); real OpenAlex ids have at most 10."""
    if not value:
        return False
    short = value[len(OA):] if value.startswith(OA) else value
    return len(short) == 13 and short[1] == "9" and short[1:].isdigit()


def work_id(seed: int, index: int) -> str:
    """Work ids encode the seed (2 digits) and the index (9 digits): unique per snapshot."""
    return synthetic_id("W", (seed % 100) * 10**9 + index)


def _ror(key: str) -> str:
    alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
    n = _num("ror", key)
    body = "".join(alphabet[(n >> (5 * i)) & 31] for i in range(6))
    return f"https://ror.org/0{body}{n % 89 + 10:02d}"


def _orcid(n: int) -> str:
    digits = f"00000000{n % 10**7:07d}"  # 15 digits in the never-issued 0000-0000- block
    total = 0
    for d in digits:
        total = (total + int(d)) * 2
    check = (12 - total % 11) % 11
    s = digits + ("X" if check == 10 else str(check))
    return f"https://orcid.org/{s[0:4]}-{s[4:8]}-{s[8:12]}-{s[12:16]}"


# ---------------------------------------------------------------------------------------------
# countries, cities, institutions
@dataclass(frozen=True)
class Country:
    code: str
    names: tuple[str, ...]  # how affiliation strings write the country
    cities: tuple[tuple[str, str], ...]  # (city, postcode or "")
    weight: float  # share among single-country works
    native: tuple[str, ...] = ()  # country name in the local script
    native_cities: tuple[str, ...] = ()  # same order as cities


COUNTRIES: dict[str, Country] = {c.code: c for c in (
    Country("CN", ("China", "P. R. China", "People's Republic of China", "PR China", "Peoples R China"),
            (("Beijing", "100190"), ("Shanghai", "200240"), ("Hangzhou", "310027"), ("Wuhan", "430074"),
             ("Harbin", "150001"), ("Shenzhen", "518055"), ("Nanjing", "210096"), ("Xi'an", "710049"),
             ("Hefei", "230026"), ("Changsha", "410073"), ("Shenyang", "110016")),
            0.22, ("中国", "中华人民共和国"),
            ("北京", "上海", "杭州", "武汉", "哈尔滨", "深圳", "南京", "西安", "合肥", "长沙", "沈阳")),
    Country("US", ("USA", "United States", "United States of America", "U.S.A."),
            (("Cambridge, MA", "02139"), ("Stanford, CA", "94305"), ("Pittsburgh, PA", "15213"),
             ("Berkeley, CA", "94720"), ("Ann Arbor, MI", "48109"), ("Atlanta, GA", "30332"),
             ("Lemont, IL", "60439"), ("Redmond, WA", "98052"), ("Mountain View, CA", "94043"),
             ("Austin, TX", "78712")), 0.20),
    Country("RU", ("Russia", "Russian Federation"),
            (("Moscow", "119991"), ("Saint Petersburg", "199034"), ("Novosibirsk", "630090"),
             ("Dolgoprudny", "141701"), ("Kazan", "420008"), ("Tomsk", "634050"), ("Yekaterinburg", "620002"),
             ("Nizhny Novgorod", "603022")),
            0.05, ("Россия", "Российская Федерация"),
            ("Москва", "Санкт-Петербург", "Новосибирск", "Долгопрудный", "Казань", "Томск", "Екатеринбург",
             "Нижний Новгород")),
    Country("DE", ("Germany", "Deutschland"), (("Munich", "80333"), ("Berlin", "10623"), ("Tübingen", "72076"),
                                               ("Karlsruhe", "76131"), ("Aachen", "52062")), 0.05),
    Country("GB", ("UK", "United Kingdom", "England"), (("Oxford", "OX1 3PJ"), ("Cambridge", "CB3 0FD"),
                                                        ("London", "WC1E 6BT"), ("Edinburgh", "EH8 9AB")), 0.05),
    Country("JP", ("Japan",), (("Tokyo", "113-8656"), ("Kyoto", "606-8501"), ("Osaka", "565-0871")), 0.04),
    Country("IN", ("India",), (("Bangalore", "560012"), ("Mumbai", "400076"), ("New Delhi", "110016"),
                               ("Chennai", "600036")), 0.05),
    Country("FR", ("France",), (("Paris", "75005"), ("Grenoble", "38000"), ("Palaiseau", "91120"),
                                ("Toulouse", "31400")), 0.03),
    Country("KR", ("South Korea", "Republic of Korea", "Korea"), (("Seoul", "08826"), ("Daejeon", "34141"),
                                                                  ("Suwon", "16419")), 0.03),
    Country("IT", ("Italy",), (("Milan", "20133"), ("Rome", "00185"), ("Pisa", "56127")), 0.03),
    Country("CA", ("Canada",), (("Toronto, ON", "M5S 1A1"), ("Montreal, QC", "H3A 0G4"),
                                ("Vancouver, BC", "V6T 1Z4")), 0.03),
    Country("ES", ("Spain",), (("Madrid", "28040"), ("Barcelona", "08034")), 0.025),
    Country("AU", ("Australia",), (("Sydney, NSW", "2006"), ("Melbourne, VIC", "3010")), 0.025),
    Country("BR", ("Brazil", "Brasil"), (("São Paulo", "05508-070"), ("Rio de Janeiro", "21941-901")), 0.025),
    Country("IR", ("Iran",), (("Tehran", "14155-6619"), ("Isfahan", "84156-83111")), 0.02),
    Country("TR", ("Turkey", "Türkiye"), (("Ankara", "06800"), ("Istanbul", "34469")), 0.015),
    Country("PL", ("Poland",), (("Warsaw", "00-927"), ("Krakow", "30-059")), 0.012),
    Country("NL", ("Netherlands", "The Netherlands"), (("Amsterdam", "1098 XH"), ("Delft", "2628 CD")), 0.012),
    Country("CH", ("Switzerland",), (("Zurich", "8092"), ("Lausanne", "1015")), 0.01),
    Country("SE", ("Sweden",), (("Stockholm", "100 44"), ("Lund", "221 00")), 0.01),
    Country("SG", ("Singapore",), (("Singapore", "639798"),), 0.008),
    Country("IL", ("Israel",), (("Haifa", "3200003"), ("Rehovot", "7610001")), 0.008),
    Country("BY", ("Belarus",), (("Minsk", "220072"),), 0.006, ("Беларусь",), ("Минск",)),
    Country("KZ", ("Kazakhstan",), (("Almaty", "050040"), ("Astana", "010000")), 0.006, ("Казахстан",),
            ("Алматы", "Астана")),
    Country("PK", ("Pakistan",), (("Islamabad", "44000"), ("Lahore", "54590")), 0.01),
    Country("SA", ("Saudi Arabia",), (("Thuwal", "23955"), ("Riyadh", "11451")), 0.008),
    Country("EG", ("Egypt",), (("Cairo", "11562"), ("Giza", "12613")), 0.008),
    Country("ZA", ("South Africa",), (("Cape Town", "7701"), ("Johannesburg", "2050")), 0.006),
    Country("MX", ("Mexico", "México"), (("Mexico City", "04510"), ("Monterrey", "64849")), 0.008),
    Country("FI", ("Finland",), (("Helsinki", "00014"), ("Espoo", "02150")), 0.005),
    Country("HK", ("Hong Kong", "Hong Kong SAR, China"), (("Hong Kong", ""),), 0.006),
    Country("TW", ("Taiwan",), (("Taipei", "10617"), ("Hsinchu", "30013")), 0.006),
)}


@dataclass(frozen=True)
class Inst:
    key: str
    country: str
    name: str
    type: str
    city: int  # index into the country's cities
    parent: str | None = None  # key of the parent institution (lineage roll-up)
    native: str | None = None  # name in the local script, for native-language affiliation strings
    weight: float = 1.0


# Institutions with real names; parents first so that institutes roll up (all RAS institutes → RAS).
_INSTS: tuple[Inst, ...] = (
    # China
    Inst("CAS", "CN", "Chinese Academy of Sciences", "government", 0, None, "中国科学院", 0.3),
    Inst("CAS-IA", "CN", "Institute of Automation, Chinese Academy of Sciences", "facility", 0, "CAS",
         "中国科学院自动化研究所", 1.2),
    Inst("CAS-ICT", "CN", "Institute of Computing Technology, Chinese Academy of Sciences", "facility", 0, "CAS",
         "中国科学院计算技术研究所", 1.2),
    Inst("CAS-SIA", "CN", "Shenyang Institute of Automation, Chinese Academy of Sciences", "facility", 10, "CAS",
         "中国科学院沈阳自动化研究所", 0.6),
    Inst("CAS-ISCAS", "CN", "Institute of Software, Chinese Academy of Sciences", "facility", 0, "CAS",
         "中国科学院软件研究所", 0.6),
    Inst("UCAS", "CN", "University of Chinese Academy of Sciences", "education", 0, "CAS", "中国科学院大学", 1.5),
    Inst("THU", "CN", "Tsinghua University", "education", 0, None, "清华大学", 2.0),
    Inst("PKU", "CN", "Peking University", "education", 0, None, "北京大学", 1.5),
    Inst("ZJU", "CN", "Zhejiang University", "education", 2, None, "浙江大学", 1.5),
    Inst("SJTU", "CN", "Shanghai Jiao Tong University", "education", 1, None, "上海交通大学", 1.5),
    Inst("HIT", "CN", "Harbin Institute of Technology", "education", 4, None, "哈尔滨工业大学", 1.5),
    Inst("NUDT", "CN", "National University of Defense Technology", "education", 9, None, "国防科技大学", 0.8),
    Inst("BUAA", "CN", "Beihang University", "education", 0, None, "北京航空航天大学", 1.0),
    Inst("HUST", "CN", "Huazhong University of Science and Technology", "education", 3, None, "华中科技大学", 1.0),
    Inst("USTC", "CN", "University of Science and Technology of China", "education", 8, None, "中国科学技术大学",
         1.0),
    Inst("SEU", "CN", "Southeast University", "education", 6, None, "东南大学", 0.8),
    Inst("XJTU", "CN", "Xi'an Jiaotong University", "education", 7, None, "西安交通大学", 0.8),
    Inst("HUAWEI", "CN", "Huawei Technologies (China)", "company", 5, None, "华为技术有限公司", 0.5),
    Inst("BAIDU", "CN", "Baidu (China)", "company", 0, None, "百度", 0.2),
    # Russia
    Inst("RAS", "RU", "Russian Academy of Sciences", "government", 0, None, "Российская академия наук", 0.4),
    Inst("RAS-ISP", "RU", "Ivannikov Institute for System Programming of the RAS", "facility", 0, "RAS",
         "Институт системного программирования им. В.П. Иванникова РАН", 0.8),
    Inst("RAS-MIAN", "RU", "Steklov Mathematical Institute of Russian Academy of Sciences", "facility", 0, "RAS",
         "Математический институт им. В.А. Стеклова РАН", 0.7),
    Inst("RAS-IOFFE", "RU", "Ioffe Institute", "facility", 1, "RAS", "Физико-технический институт им. А.Ф. Иоффе РАН",
         0.8),
    Inst("RAS-LPI", "RU", "Lebedev Physical Institute of the Russian Academy of Sciences", "facility", 0, "RAS",
         "Физический институт им. П.Н. Лебедева РАН", 0.7),
    Inst("RAS-KIAM", "RU", "Keldysh Institute of Applied Mathematics", "facility", 0, "RAS",
         "Институт прикладной математики им. М.В. Келдыша РАН", 0.6),
    Inst("RAS-FRCCSC", "RU", "Federal Research Center Computer Science and Control of RAS", "facility", 0, "RAS",
         "ФИЦ «Информатика и управление» РАН", 0.7),
    Inst("RAS-IM-SB", "RU", "Sobolev Institute of Mathematics", "facility", 2, "RAS",
         "Институт математики им. С.Л. Соболева СО РАН", 0.5),
    Inst("MSU", "RU", "Lomonosov Moscow State University", "education", 0, None,
         "Московский государственный университет имени М.В. Ломоносова", 2.0),
    Inst("SPBU", "RU", "Saint Petersburg State University", "education", 1, None,
         "Санкт-Петербургский государственный университет", 1.2),
    Inst("MIPT", "RU", "Moscow Institute of Physics and Technology", "education", 3, None,
         "Московский физико-технический институт", 1.2),
    Inst("HSE", "RU", "National Research University Higher School of Economics", "education", 0, None,
         "Национальный исследовательский университет «Высшая школа экономики»", 1.0),
    Inst("SKOLTECH", "RU", "Skolkovo Institute of Science and Technology", "education", 0, None,
         "Сколковский институт науки и технологий", 0.8),
    Inst("ITMO", "RU", "ITMO University", "education", 1, None, "Университет ИТМО", 0.8),
    Inst("NSU", "RU", "Novosibirsk State University", "education", 2, None,
         "Новосибирский государственный университет", 0.8),
    Inst("BMSTU", "RU", "Bauman Moscow State Technical University", "education", 0, None,
         "МГТУ им. Н.Э. Баумана", 0.6),
    Inst("KFU", "RU", "Kazan Federal University", "education", 4, None, "Казанский федеральный университет", 0.6),
    Inst("TSU", "RU", "Tomsk State University", "education", 5, None, "Томский государственный университет", 0.5),
    Inst("YANDEX", "RU", "Yandex (Russia)", "company", 0, None, "Яндекс", 0.3),
    Inst("SBER", "RU", "Sberbank", "company", 0, None, "ПАО Сбербанк", 0.2),
    # United States
    Inst("DOE", "US", "United States Department of Energy", "government", 0, None, None, 0.1),
    Inst("ANL", "US", "Argonne National Laboratory", "facility", 6, "DOE", None, 0.7),
    Inst("LBNL", "US", "Lawrence Berkeley National Laboratory", "facility", 3, "DOE", None, 0.7),
    Inst("MIT", "US", "Massachusetts Institute of Technology", "education", 0, None, None, 1.5),
    Inst("STANFORD", "US", "Stanford University", "education", 1, None, None, 1.5),
    Inst("CMU", "US", "Carnegie Mellon University", "education", 2, None, None, 1.2),
    Inst("UCB", "US", "University of California, Berkeley", "education", 3, None, None, 1.2),
    Inst("UMICH", "US", "University of Michigan", "education", 4, None, None, 1.0),
    Inst("GATECH", "US", "Georgia Institute of Technology", "education", 5, None, None, 1.0),
    Inst("UTAUSTIN", "US", "The University of Texas at Austin", "education", 9, None, None, 1.0),
    Inst("GOOGLE", "US", "Google (United States)", "company", 8, None, None, 0.5),
    Inst("MSFT", "US", "Microsoft (United States)", "company", 7, None, None, 0.5),
    # other countries
    Inst("MPG", "DE", "Max Planck Society", "nonprofit", 0, None, None, 0.2),
    Inst("MPI-IS", "DE", "Max Planck Institute for Intelligent Systems", "facility", 2, "MPG", None, 0.8),
    Inst("TUM", "DE", "Technical University of Munich", "education", 0, None, None, 1.2),
    Inst("KIT", "DE", "Karlsruhe Institute of Technology", "education", 3, None, None, 1.0),
    Inst("RWTH", "DE", "RWTH Aachen University", "education", 4, None, None, 1.0),
    Inst("OXF", "GB", "University of Oxford", "education", 0, None, None, 1.2),
    Inst("CAM", "GB", "University of Cambridge", "education", 1, None, None, 1.2),
    Inst("UCL", "GB", "University College London", "education", 2, None, None, 1.0),
    Inst("EDI", "GB", "University of Edinburgh", "education", 3, None, None, 0.8),
    Inst("UTOKYO", "JP", "The University of Tokyo", "education", 0, None, None, 1.2),
    Inst("KYOTO", "JP", "Kyoto University", "education", 1, None, None, 1.0),
    Inst("OSAKA", "JP", "Osaka University", "education", 2, None, None, 0.8),
    Inst("IISC", "IN", "Indian Institute of Science Bengaluru", "education", 0, None, None, 1.0),
    Inst("IITB", "IN", "Indian Institute of Technology Bombay", "education", 1, None, None, 1.0),
    Inst("IITD", "IN", "Indian Institute of Technology Delhi", "education", 2, None, None, 1.0),
    Inst("IITM", "IN", "Indian Institute of Technology Madras", "education", 3, None, None, 1.0),
    Inst("CNRS", "FR", "Centre National de la Recherche Scientifique", "government", 0, None, None, 0.4),
    Inst("LIG", "FR", "Laboratoire d'Informatique de Grenoble", "facility", 1, "CNRS", None, 0.6),
    Inst("SORBONNE", "FR", "Sorbonne Université", "education", 0, None, None, 1.0),
    Inst("POLYTECHNIQUE", "FR", "École Polytechnique", "education", 2, None, None, 0.8),
    Inst("SNU", "KR", "Seoul National University", "education", 0, None, None, 1.2),
    Inst("KAIST", "KR", "Korea Advanced Institute of Science and Technology", "education", 1, None, None, 1.2),
    Inst("SAMSUNG", "KR", "Samsung (South Korea)", "company", 2, None, None, 0.4),
    Inst("POLIMI", "IT", "Politecnico di Milano", "education", 0, None, None, 1.0),
    Inst("SAPIENZA", "IT", "Sapienza University of Rome", "education", 1, None, None, 1.0),
    Inst("UTORONTO", "CA", "University of Toronto", "education", 0, None, None, 1.2),
    Inst("MCGILL", "CA", "McGill University", "education", 1, None, None, 1.0),
    Inst("UBC", "CA", "University of British Columbia", "education", 2, None, None, 1.0),
    Inst("UCM", "ES", "Universidad Complutense de Madrid", "education", 0, None, None, 1.0),
    Inst("UPC", "ES", "Universitat Politècnica de Catalunya", "education", 1, None, None, 1.0),
    Inst("USYD", "AU", "The University of Sydney", "education", 0, None, None, 1.0),
    Inst("UNIMELB", "AU", "The University of Melbourne", "education", 1, None, None, 1.0),
    Inst("USP", "BR", "Universidade de São Paulo", "education", 0, None, None, 1.2),
    Inst("UFRJ", "BR", "Universidade Federal do Rio de Janeiro", "education", 1, None, None, 0.8),
    Inst("UT-IR", "IR", "University of Tehran", "education", 0, None, None, 1.0),
    Inst("IUT", "IR", "Isfahan University of Technology", "education", 1, None, None, 0.8),
    Inst("METU", "TR", "Middle East Technical University", "education", 0, None, None, 1.0),
    Inst("ITU", "TR", "Istanbul Technical University", "education", 1, None, None, 1.0),
    Inst("PW", "PL", "Warsaw University of Technology", "education", 0, None, None, 1.0),
    Inst("AGH", "PL", "AGH University of Krakow", "education", 1, None, None, 1.0),
    Inst("UVA", "NL", "University of Amsterdam", "education", 0, None, None, 1.0),
    Inst("TUDELFT", "NL", "Delft University of Technology", "education", 1, None, None, 1.0),
    Inst("ETH", "CH", "ETH Zurich", "education", 0, None, None, 1.2),
    Inst("EPFL", "CH", "École Polytechnique Fédérale de Lausanne", "education", 1, None, None, 1.0),
    Inst("KTH", "SE", "KTH Royal Institute of Technology", "education", 0, None, None, 1.0),
    Inst("LUND", "SE", "Lund University", "education", 1, None, None, 1.0),
    Inst("NTU-SG", "SG", "Nanyang Technological University", "education", 0, None, None, 1.0),
    Inst("TECHNION", "IL", "Technion – Israel Institute of Technology", "education", 0, None, None, 1.0),
    Inst("WEIZMANN", "IL", "Weizmann Institute of Science", "education", 1, None, None, 0.8),
    Inst("BSU", "BY", "Belarusian State University", "education", 0, None, "Белорусский государственный университет",
         1.0),
    Inst("NASB", "BY", "National Academy of Sciences of Belarus", "government", 0, None,
         "Национальная академия наук Беларуси", 0.6),
    Inst("KAZNU", "KZ", "Al-Farabi Kazakh National University", "education", 0, None,
         "Казахский национальный университет имени аль-Фараби", 1.0),
    Inst("NU-KZ", "KZ", "Nazarbayev University", "education", 1, None, None, 0.8),
    Inst("NUST", "PK", "National University of Sciences and Technology", "education", 0, None, None, 1.0),
    Inst("LUMS", "PK", "Lahore University of Management Sciences", "education", 1, None, None, 0.6),
    Inst("KAUST", "SA", "King Abdullah University of Science and Technology", "education", 0, None, None, 1.0),
    Inst("KSU", "SA", "King Saud University", "education", 1, None, None, 1.0),
    Inst("CU-EG", "EG", "Cairo University", "education", 0, None, None, 1.0),
    Inst("UCT", "ZA", "University of Cape Town", "education", 0, None, None, 1.0),
    Inst("WITS", "ZA", "University of the Witwatersrand", "education", 1, None, None, 0.8),
    Inst("UNAM", "MX", "Universidad Nacional Autónoma de México", "education", 0, None, None, 1.0),
    Inst("ITESM", "MX", "Tecnológico de Monterrey", "education", 1, None, None, 0.6),
    Inst("HELSINKI", "FI", "University of Helsinki", "education", 0, None, None, 1.0),
    Inst("AALTO", "FI", "Aalto University", "education", 1, None, None, 1.0),
    Inst("HKU", "HK", "University of Hong Kong", "education", 0, None, None, 1.0),
    Inst("HKUST", "HK", "Hong Kong University of Science and Technology", "education", 0, None, None, 1.0),
    Inst("NTU-TW", "TW", "National Taiwan University", "education", 0, None, None, 1.0),
    Inst("NTHU", "TW", "National Tsing Hua University", "education", 1, None, None, 0.8),
)
INSTITUTIONS: dict[str, Inst] = {i.key: i for i in _INSTS}


def institution_id(key: str) -> str:
    return synthetic_id("I", _num("inst", key))


def _lineage(inst: Inst) -> list[str]:
    ids = [institution_id(inst.key)]
    parent = inst.parent
    while parent:
        ids.append(institution_id(parent))
        parent = INSTITUTIONS[parent].parent
    return sorted(ids)  # OpenAlex lists lineage ids in sorted order (see the real sample)


def _dehydrated_institution(inst: Inst) -> dict[str, Any]:
    return {
        "id": institution_id(inst.key), "display_name": inst.name, "ror": _ror(inst.key),
        "country_code": inst.country, "type": inst.type, "lineage": _lineage(inst),
    }


_DEHYDRATED = {k: _dehydrated_institution(i) for k, i in INSTITUTIONS.items()}
_BY_COUNTRY: dict[str, tuple[list[str], list[float]]] = {}
for _i in _INSTS:
    keys, cum = _BY_COUNTRY.setdefault(_i.country, ([], []))
    keys.append(_i.key)
    cum.append((cum[-1] if cum else 0.0) + _i.weight)
assert set(_BY_COUNTRY) == set(COUNTRIES)

_COUNTRY_CODES = list(COUNTRIES)
_COUNTRY_CUM = list(itertools.accumulate(COUNTRIES[c].weight for c in _COUNTRY_CODES))

# ---------------------------------------------------------------------------------------------
# people
_NAMES: dict[str, tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]] = {
    # (family, native) and (given, native)
    "CN": (
        (("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"), ("Yang", "杨"),
         ("Zhao", "赵"), ("Huang", "黄"), ("Zhou", "周"), ("Wu", "吴"), ("Xu", "徐"), ("Sun", "孙"),
         ("Hu", "胡"), ("Zhu", "朱"), ("Gao", "高"), ("Lin", "林"), ("He", "何"), ("Guo", "郭"), ("Ma", "马"),
         ("Luo", "罗"), ("Liang", "梁"), ("Song", "宋"), ("Zheng", "郑"), ("Xie", "谢"), ("Han", "韩")),
        (("Wei", "伟"), ("Fang", "芳"), ("Na", "娜"), ("Min", "敏"), ("Jing", "静"), ("Lei", "磊"),
         ("Jun", "军"), ("Yang", "洋"), ("Yong", "勇"), ("Yan", "艳"), ("Jie", "杰"), ("Tao", "涛"),
         ("Ming", "明"), ("Chao", "超"), ("Hao", "浩"), ("Xin", "鑫"), ("Yu", "宇"), ("Bo", "博"),
         ("Zhiyuan", "志远"), ("Xiaoming", "晓明"), ("Jianguo", "建国"), ("Haoran", "浩然"), ("Yifan", "一凡"),
         ("Zihan", "子涵"), ("Ruoxi", "若曦"), ("Kai", "凯"), ("Peng", "鹏"), ("Hui", "慧"), ("Qiang", "强")),
    ),
    "RU": (
        (("Ivanov", "Иванов"), ("Smirnov", "Смирнов"), ("Kuznetsov", "Кузнецов"), ("Popov", "Попов"),
         ("Vasiliev", "Васильев"), ("Petrov", "Петров"), ("Sokolov", "Соколов"), ("Mikhailov", "Михайлов"),
         ("Novikov", "Новиков"), ("Fedorov", "Федоров"), ("Morozov", "Морозов"), ("Volkov", "Волков"),
         ("Alekseev", "Алексеев"), ("Lebedev", "Лебедев"), ("Semenov", "Семенов"), ("Egorov", "Егоров"),
         ("Pavlov", "Павлов"), ("Kozlov", "Козлов"), ("Stepanov", "Степанов"), ("Nikolaev", "Николаев"),
         ("Orlov", "Орлов"), ("Andreev", "Андреев"), ("Makarov", "Макаров"), ("Zaitsev", "Зайцев")),
        (("Alexander", "Александр"), ("Sergey", "Сергей"), ("Dmitry", "Дмитрий"), ("Andrey", "Андрей"),
         ("Alexey", "Алексей"), ("Maxim", "Максим"), ("Ivan", "Иван"), ("Mikhail", "Михаил"),
         ("Nikolay", "Николай"), ("Vladimir", "Владимир"), ("Pavel", "Павел"), ("Artem", "Артем"),
         ("Elena", "Елена"), ("Olga", "Ольга"), ("Natalia", "Наталья"), ("Anna", "Анна"),
         ("Tatiana", "Татьяна"), ("Irina", "Ирина"), ("Maria", "Мария"), ("Ekaterina", "Екатерина")),
    ),
}
_FEMALE_RU = {"Elena", "Olga", "Natalia", "Anna", "Tatiana", "Irina", "Maria", "Ekaterina"}
_GENERIC_FAMILY = (
    "Smith", "Johnson", "Williams", "Brown", "Miller", "Davis", "Garcia", "Martinez", "Müller", "Schmidt",
    "Schneider", "Fischer", "Dubois", "Martin", "Bernard", "Rossi", "Russo", "Ferrari", "Tanaka", "Suzuki",
    "Sato", "Kim", "Park", "Choi", "Sharma", "Patel", "Singh", "Kumar", "Silva", "Santos", "Oliveira",
    "Hosseini", "Ahmadi", "Yilmaz", "Kaya", "Nowak", "Kowalski", "de Vries", "Jansen", "Andersson",
    "Johansson", "Cohen", "Levi", "Khan", "Ali", "Hassan", "Nkosi", "Hernández", "López", "Virtanen",
    "Chan", "Wong", "Lee", "Tan", "Novak", "Kovalenko", "Nurlanov", "Karimov",
)
_GENERIC_GIVEN = (
    "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David", "Sarah", "Thomas",
    "Anna", "Lukas", "Sophie", "Julien", "Camille", "Marco", "Giulia", "Hiroshi", "Yuki", "Min-jun", "Ji-woo",
    "Rahul", "Priya", "Arjun", "João", "Ana", "Reza", "Fatemeh", "Mehmet", "Elif", "Piotr", "Katarzyna", "Daan",
    "Emma", "Erik", "Ingrid", "Noam", "Tamar", "Ahmed", "Fatima", "Omar", "Thabo", "Carlos", "Lucía", "Mikko",
    "Ka Wai", "Wei-Ting", "Chia-Hung", "Aigerim", "Yerlan", "Andrei", "Olena",
)


def _person(rng: random.Random, country: str) -> dict[str, Any]:
    """An author drawn from a per-country pool: the same pool number gives the same id and name."""
    k = rng.randrange(400_000)
    n = _num("author", f"{country}:{k}")
    pool = _NAMES.get(country)
    if pool:
        fam, giv = pool[0][k % len(pool[0])], pool[1][(k // len(pool[0])) % len(pool[1])]
        family, given = fam[0], giv[0]
        native = (fam[1] + giv[1]) if country == "CN" else f"{giv[1]} {fam[1]}"
        if country == "RU" and given in _FEMALE_RU:
            family, native = family + "a", native + "а"
        display = f"{given} {family}"
    else:
        family = _GENERIC_FAMILY[k % len(_GENERIC_FAMILY)]
        given = _GENERIC_GIVEN[(k // len(_GENERIC_FAMILY)) % len(_GENERIC_GIVEN)]
        display, native = f"{given} {family}", None
    return {
        "id": synthetic_id("A", n), "display_name": display, "family": family, "given": given, "native": native,
        "orcid": _orcid(n) if n % 5 < 2 else None,
    }


# ---------------------------------------------------------------------------------------------
# topics, concepts, sources, funders
_DOMAINS = {1: "Life Sciences", 2: "Social Sciences", 3: "Physical Sciences", 4: "Health Sciences"}
_FIELDS = {  # OpenAlex field id → (name, domain id)
    11: ("Agricultural and Biological Sciences", 1), 13: ("Biochemistry, Genetics and Molecular Biology", 1),
    16: ("Chemistry", 3), 17: ("Computer Science", 3), 19: ("Earth and Planetary Sciences", 3),
    20: ("Economics, Econometrics and Finance", 2), 21: ("Energy", 3), 22: ("Engineering", 3),
    25: ("Materials Science", 3), 26: ("Mathematics", 3), 27: ("Medicine", 4), 28: ("Neuroscience", 1),
    31: ("Physics and Astronomy", 3), 33: ("Social Sciences", 2),
}
_SUBFIELDS = {  # OpenAlex subfield id → name (the field is the first two digits)
    1702: "Artificial Intelligence", 1707: "Computer Vision and Pattern Recognition",
    1705: "Computer Networks and Communications", 1710: "Information Systems", 1711: "Signal Processing",
    1712: "Software", 1703: "Computational Theory and Mathematics", 2207: "Control and Systems Engineering",
    2208: "Electrical and Electronic Engineering", 2202: "Aerospace Engineering",
    3107: "Atomic and Molecular Physics, and Optics", 3104: "Condensed Matter Physics",
    3106: "Nuclear and High Energy Physics", 2505: "Materials Chemistry",
    2504: "Electronic, Optical and Magnetic Materials", 1605: "Organic Chemistry", 2604: "Applied Mathematics",
    1312: "Molecular Biology", 2713: "Epidemiology", 2741: "Radiology, Nuclear Medicine and Imaging",
    1902: "Atmospheric Science", 2102: "Energy Engineering and Power Technology",
    3312: "Sociology and Political Science", 2002: "Economics and Econometrics", 2805: "Cognitive Neuroscience",
    1110: "Plant Science",
}


@dataclass(frozen=True)
class Topic:
    name: str
    subfield: int
    terms: tuple[str, ...]  # English terms for titles, keywords and abstracts
    zh: tuple[str, ...] = ()  # Chinese terms
    ru: tuple[str, ...] = ()  # Russian terms
    weight: float = 1.0


_AI_ZH = ("深度学习", "神经网络", "强化学习", "目标检测", "图像识别", "自然语言处理", "知识图谱", "注意力机制")
_AI_RU = ("глубокое обучение", "нейронные сети", "обучение с подкреплением", "распознавание образов",
          "обработка естественного языка", "машинное обучение")
TOPICS: tuple[Topic, ...] = (
    Topic("Advanced Neural Network Applications", 1702,
          ("deep learning", "convolutional neural network", "image classification", "transfer learning"),
          _AI_ZH, _AI_RU, 3.0),
    Topic("Natural Language Processing Techniques", 1702,
          ("language model", "transformer", "machine translation", "named entity recognition"), _AI_ZH, _AI_RU, 2.5),
    Topic("Reinforcement Learning in Robotics", 1702,
          ("reinforcement learning", "policy gradient", "robot control", "reward shaping"), _AI_ZH, _AI_RU, 1.5),
    Topic("Adversarial Robustness in Machine Learning", 1702,
          ("adversarial examples", "robustness", "certified defense", "attack"), _AI_ZH, _AI_RU, 1.0),
    Topic("Domain Adaptation and Few-Shot Learning", 1702,
          ("domain adaptation", "few-shot learning", "meta-learning", "distribution shift"), _AI_ZH, _AI_RU, 1.0),
    Topic("Topic Modeling", 1702, ("topic model", "latent Dirichlet allocation", "text mining", "corpus"),
          _AI_ZH, _AI_RU, 0.6),
    Topic("Speech Recognition and Synthesis", 1711,
          ("speech recognition", "acoustic model", "speech synthesis", "end-to-end"), _AI_ZH, _AI_RU, 0.8),
    Topic("Video Surveillance and Tracking Methods", 1707,
          ("object tracking", "person re-identification", "video analysis", "surveillance"), _AI_ZH, _AI_RU, 1.2),
    Topic("Remote-Sensing Image Classification", 1707,
          ("remote sensing", "hyperspectral image", "semantic segmentation", "satellite imagery"),
          _AI_ZH, _AI_RU, 1.2),
    Topic("Face recognition and analysis", 1707, ("face recognition", "facial expression", "biometrics",
                                                  "feature extraction"), _AI_ZH, _AI_RU, 0.8),
    Topic("UAV Applications and Optimization", 2202,
          ("unmanned aerial vehicle", "trajectory optimization", "swarm", "path planning"),
          ("无人机", "路径规划", "集群控制"), ("беспилотный летательный аппарат", "планирование траектории"), 1.0),
    Topic("Adaptive Control of Nonlinear Systems", 2207,
          ("adaptive control", "nonlinear system", "sliding mode", "stability analysis"),
          ("自适应控制", "非线性系统", "滑模控制"), ("адаптивное управление", "нелинейные системы"), 1.0),
    Topic("Network Security and Intrusion Detection", 1705,
          ("intrusion detection", "anomaly detection", "network traffic", "malware"),
          ("入侵检测", "网络安全"), ("обнаружение вторжений", "сетевая безопасность"), 0.9),
    Topic("Cryptography and Data Security", 1710,
          ("encryption", "homomorphic encryption", "blockchain", "privacy"),
          ("加密", "区块链", "隐私保护"), ("шифрование", "блокчейн", "защита данных"), 0.8),
    Topic("Quantum Computing Algorithms and Architecture", 1703,
          ("quantum computing", "qubit", "quantum circuit", "variational algorithm"),
          ("量子计算", "量子比特"), ("квантовые вычисления", "кубит"), 0.7),
    Topic("Software Engineering Research", 1712, ("software testing", "program analysis", "bug detection",
                                                  "code review"), ("软件测试", "程序分析"),
          ("тестирование программ", "анализ программ"), 0.7),
    Topic("Advanced Semiconductor Detectors and Materials", 2504,
          ("semiconductor", "photodetector", "thin film", "band gap"), ("半导体", "薄膜"),
          ("полупроводник", "тонкие пленки"), 1.0),
    Topic("Power Systems and Renewable Energy", 2102,
          ("power grid", "wind power", "energy storage", "load forecasting"), ("电网", "风电", "储能"),
          ("энергосистема", "ветроэнергетика"), 1.0),
    Topic("Laser-Matter Interactions", 3107, ("laser", "femtosecond pulse", "plasma", "nonlinear optics"),
          ("激光", "飞秒脉冲"), ("лазер", "фемтосекундный импульс"), 1.0),
    Topic("Particle physics theoretical and experimental studies", 3106,
          ("collider", "Higgs boson", "cross section", "detector"), ("对撞机", "希格斯玻色子"),
          ("коллайдер", "бозон Хиггса"), 0.8),
    Topic("Topological Materials and Phenomena", 3104, ("topological insulator", "superconductivity",
                                                        "magnetism", "electronic structure"),
          ("拓扑绝缘体", "超导"), ("топологический изолятор", "сверхпроводимость"), 0.8),
    Topic("Catalytic C–H Functionalization Methods", 1605, ("catalysis", "synthesis", "ligand", "yield"),
          ("催化", "合成"), ("катализ", "синтез"), 1.0),
    Topic("Advanced Battery Materials and Technologies", 2505, ("lithium-ion battery", "cathode", "electrolyte",
                                                                "capacity"), ("锂离子电池", "电解质"),
          ("литий-ионный аккумулятор", "электролит"), 1.0),
    Topic("Numerical methods for differential equations", 2604,
          ("finite element", "convergence", "boundary value problem", "numerical scheme"),
          ("有限元", "数值方法"), ("метод конечных элементов", "численные методы"), 1.0),
    Topic("Climate variability and models", 1902, ("climate model", "precipitation", "temperature trend",
                                                   "reanalysis"), ("气候模式", "降水"),
          ("климатическая модель", "осадки"), 0.8),
    Topic("COVID-19 epidemiological studies", 2713, ("epidemic", "transmission", "cohort", "mortality"),
          ("疫情", "传播"), ("эпидемия", "смертность"), 0.8),
    Topic("Radiomics and Machine Learning in Medical Imaging", 2741,
          ("radiomics", "medical imaging", "segmentation", "deep learning"), _AI_ZH, _AI_RU, 1.0),
    Topic("RNA Research and Splicing", 1312, ("gene expression", "RNA", "splicing", "protein"), ("基因表达",),
          ("экспрессия генов",), 0.8),
    Topic("Neural dynamics and brain function", 2805, ("EEG", "brain-computer interface", "cortex",
                                                      "neural activity"), ("脑机接口", "脑电"),
          ("нейроинтерфейс", "ЭЭГ"), 0.8),
    Topic("Plant Stress Responses and Tolerance", 1110, ("drought stress", "gene", "tolerance", "crop"),
          ("干旱胁迫",), ("засухоустойчивость",), 0.7),
    Topic("International Relations and Foreign Policy", 3312, ("foreign policy", "cooperation", "security",
                                                              "diplomacy"), ("外交政策", "合作"),
          ("внешняя политика", "сотрудничество"), 0.6),
    Topic("Economic Growth and Productivity", 2002, ("economic growth", "productivity", "panel data",
                                                     "innovation"), ("经济增长", "创新"),
          ("экономический рост", "инновации"), 0.6),
)
_TOPIC_CUM: list[float] = []
for _t in TOPICS:
    _TOPIC_CUM.append((_TOPIC_CUM[-1] if _TOPIC_CUM else 0.0) + _t.weight)


def _topic_obj(t: Topic, score: float) -> dict[str, Any]:
    fid = t.subfield // 100
    fname, did = _FIELDS[fid]
    return {
        "id": synthetic_id("T", _num("topic", t.name)), "display_name": t.name, "score": score,
        "subfield": {"id": f"{OA}subfields/{t.subfield}", "display_name": _SUBFIELDS[t.subfield]},
        "field": {"id": f"{OA}fields/{fid}", "display_name": fname},
        "domain": {"id": f"{OA}domains/{did}", "display_name": _DOMAINS[did]},
    }


_LEVEL0 = {17: "Computer science", 22: "Engineering", 31: "Physics", 16: "Chemistry", 25: "Materials science",
           26: "Mathematics", 27: "Medicine", 13: "Biology", 11: "Biology", 28: "Psychology",
           19: "Environmental science", 21: "Engineering", 33: "Political science", 20: "Economics"}


def _concept(name: str, level: int, score: float) -> dict[str, Any]:
    n = _num("concept", name)
    return {"id": synthetic_id("C", n), "wikidata": f"https://www.wikidata.org/wiki/Q9{n % 10**8}",
            "display_name": name, "level": level, "score": score}


_GENERIC_CONCEPTS = ("Artificial intelligence", "Algorithm", "Data mining", "Machine learning",
                     "Pattern recognition (psychology)", "Computer vision", "Mathematical optimization",
                     "Set (abstract data type)",
                     "Process (computing)", "Materials science", "Economics", "Biology", "Quantum mechanics",
                     "Programming language", "Operating system", "Geography", "Philosophy", "Epistemology",
                     "Political science", "Law", "Management", "Archaeology", "Statistics", "Feature (linguistics)",
                     "Linguistics", "Real-time computing", "Control theory (sociology)", "Telecommunications",
                     "Physics", "Chemistry", "Engineering", "Medicine", "Computer network", "Image (mathematics)",
                     "Field (mathematics)", "Pure mathematics", "Theoretical computer science", "Sociology")


@dataclass(frozen=True)
class Funder:
    key: str
    name: str
    country: str
    award: Callable[[random.Random], str]


def _digits(k: int) -> Callable[[random.Random], str]:
    return lambda rng: str(rng.randrange(10 ** (k - 1), 10**k))


FUNDERS: tuple[Funder, ...] = (
    Funder("NSFC", "National Natural Science Foundation of China", "CN", lambda r: f"6{r.randrange(10**7):07d}"),
    Funder("MOST-CN", "Ministry of Science and Technology of the People's Republic of China", "CN",
           lambda r: f"2{r.randrange(16, 24)}YFB{r.randrange(10**7):07d}"),
    Funder("CAS-F", "Chinese Academy of Sciences", "CN", lambda r: f"XDA{r.randrange(10**8):08d}"),
    Funder("CSC", "China Scholarship Council", "CN", _digits(12)),
    Funder("RSF", "Russian Science Foundation", "RU", lambda r: f"{r.randrange(14, 25)}-{r.randrange(11, 79)}-"
                                                               f"{r.randrange(10**5):05d}"),
    Funder("RFBR", "Russian Foundation for Basic Research", "RU", lambda r: f"{r.randrange(12, 21)}-"
                                                                           f"{r.randrange(1, 59):02d}-"
                                                                           f"{r.randrange(10**5):05d}"),
    Funder("MINOBR", "Ministry of Science and Higher Education of the Russian Federation", "RU",
           lambda r: f"075-15-20{r.randrange(19, 25)}-{r.randrange(100, 1800)}"),
    Funder("NSF", "National Science Foundation", "US", lambda r: f"{r.choice(('IIS', 'CCF', 'CNS', 'DMS'))}-"
                                                                 f"{r.randrange(10**7):07d}"),
    Funder("NIH", "National Institutes of Health", "US", lambda r: f"R01{r.choice(('GM', 'CA', 'MH'))}"
                                                                   f"{r.randrange(10**6):06d}"),
    Funder("DOE-F", "U.S. Department of Energy", "US",
           lambda r: f"DE-AC02-{r.randrange(10):02d}CH{r.randrange(10**5)}"),
    Funder("DARPA", "Defense Advanced Research Projects Agency", "US", lambda r: f"HR0011-{r.randrange(15, 24)}-"
                                                                                 f"{r.randrange(10**4):04d}"),
    Funder("DFG", "Deutsche Forschungsgemeinschaft", "DE", _digits(9)),
    Funder("EPSRC", "Engineering and Physical Sciences Research Council", "GB",
           lambda r: f"EP/{chr(65 + r.randrange(26))}{r.randrange(10**6):06d}/1"),
    Funder("ERC", "European Research Council", "EU", _digits(6)),
    Funder("ANR", "Agence Nationale de la Recherche", "FR", lambda r: f"ANR-{r.randrange(15, 24)}-CE23-"
                                                                      f"{r.randrange(10**4):04d}"),
    Funder("JSPS", "Japan Society for the Promotion of Science", "JP", lambda r: f"{r.randrange(15, 24)}H"
                                                                                 f"{r.randrange(10**5):05d}"),
    Funder("NRF", "National Research Foundation of Korea", "KR", lambda r: f"NRF-20{r.randrange(15, 24)}R1A2C"
                                                                           f"{r.randrange(10**7):07d}"),
    Funder("BRFFR", "Belarusian Republican Foundation for Fundamental Research", "BY",
           lambda r: f"F{r.randrange(18, 24)}R-{r.randrange(10**3):03d}"),
)
_FUNDERS_BY_COUNTRY: dict[str, list[Funder]] = {}
for _f in FUNDERS:
    _FUNDERS_BY_COUNTRY.setdefault(_f.country, []).append(_f)


def funder_id(key: str) -> str:
    return synthetic_id("F", _num("funder", key))


_JOURNAL_WORDS = ("IEEE Transactions on", "Journal of", "Advances in", "International Journal of",
                  "Proceedings of the Conference on", "Letters in", "Reviews of", "Chinese Journal of",
                  "Russian Journal of")
_PUBLISHERS = ("Institute of Electrical and Electronics Engineers", "Elsevier BV", "Springer Science+Business Media",
               "Multidisciplinary Digital Publishing Institute", "Wiley", "Science Press", "Pleiades Publishing",
               "Association for Computing Machinery", "Nature Portfolio", "Oxford University Press")


def _source(topic: Topic, k: int) -> dict[str, Any]:
    """A journal for a topic (k-th of a few): stable ids, ISSN-shaped numbers, a publisher."""
    name = f"{_JOURNAL_WORDS[k % len(_JOURNAL_WORDS)]} {_SUBFIELDS[topic.subfield]}"
    if k >= len(_JOURNAL_WORDS):
        name += f" {chr(65 + k // len(_JOURNAL_WORDS))}"
    n = _num("source", name)
    pub = _PUBLISHERS[n % len(_PUBLISHERS)]
    pid = synthetic_id("P", _num("publisher", pub))
    issn = f"{n % 9000 + 1000}-{(n // 9000) % 9000 + 1000}"
    is_oa = n % 7 == 0
    return {
        "id": synthetic_id("S", n), "display_name": name, "issn_l": issn, "issn": [issn],
        "is_oa": is_oa, "is_in_doaj": is_oa, "is_core": n % 3 != 0,
        "host_organization": pid, "host_organization_name": pub,
        "host_organization_lineage": [pid], "host_organization_lineage_names": [pub],
        "type": "conference" if "Proceedings" in name else "journal",
    }


_SOURCES = {(ti, k): _source(t, k) for ti, t in enumerate(TOPICS) for k in range(12)}
_REPOSITORIES = (
    {"id": synthetic_id("S", _num("source", "arXiv")), "display_name": "arXiv (Cornell University)",
     "issn_l": None, "issn": None, "is_oa": True, "is_in_doaj": False, "is_core": False,
     "host_organization": synthetic_id("I", _num("inst", "Cornell University")),
     "host_organization_name": "Cornell University",
     "host_organization_lineage": [synthetic_id("I", _num("inst", "Cornell University"))],
     "host_organization_lineage_names": ["Cornell University"], "type": "repository"},
    {"id": synthetic_id("S", _num("source", "PMC")), "display_name": "PubMed Central", "issn_l": None,
     "issn": None, "is_oa": True, "is_in_doaj": False, "is_core": False,
     "host_organization": synthetic_id("I", _num("inst", "National Institutes of Health")),
     "host_organization_name": "National Institutes of Health",
     "host_organization_lineage": [synthetic_id("I", _num("inst", "National Institutes of Health"))],
     "host_organization_lineage_names": ["National Institutes of Health"], "type": "repository"},
)

# ---------------------------------------------------------------------------------------------
# text
_EN_WORDS = (
    "the of and in to a is for we that with on by this are an as from be which our results method methods "
    "proposed approach based model models data performance show paper study using can new two these than "
    "used it its also has have been between such more not experimental analysis framework network networks "
    "system systems problem learning training accuracy improve improved significantly existing compared state "
    "art different both effective efficient novel demonstrate datasets dataset task tasks feature features "
    "structure information high low large small number time however while each other their into under "
    "first second further provide provides evaluation evaluate benchmark extensive experiments outperforms "
    "baseline baselines robust robustness theoretical practical application applications real world across "
    "multiple single complex simple process processing design designed optimal optimization algorithm "
    "algorithms computational cost efficiency scale scalable distributed parallel sample samples estimate "
    "estimation error errors rate rates signal noise measurement measurements temperature energy phase "
    "properties property surface material materials observed observation effect effects mechanism "
    "mechanisms role key important potential future work finally addition moreover particular specifically "
    "generally significant respectively obtained achieve achieves achieved higher lower better best strong "
    "weak limited limitation limitations challenge challenges recent recently studies previous prior current "
    "here present presents propose introduce introduces investigate investigated explore explored "
    "consider considered known unknown general specific local global spatial temporal dynamic dynamics "
    "static stable stability control controller input output layer layers deep shallow representation "
    "representations space spaces domain domains target source label labels labeled unlabeled supervised "
    "unsupervised semi self attention graph graphs node nodes edge edges image images video text language "
    "speech sequence sequences prediction predictions classification regression detection segmentation "
    "recognition generation retrieval reasoning inference uncertainty probability distribution loss function "
    "functions parameter parameters weight weights gradient convergence bound bounds theorem proof"
).split()
_RU_WORDS = (
    "в и на с по для что из не это как метод методы модель модели данные результаты работе предложен "
    "подход основе анализ система системы задача задачи обучение обучения точность показано показаны "
    "исследование исследования предлагается рассматривается алгоритм алгоритмы эффективность экспериментов "
    "эксперименты сравнение существующих новый новые свойства структура параметры оценка оценки сети "
    "нейронной управление устойчивость решение решения позволяет позволяют получены полученные также "
    "условия случае при между более менее высокой низкой работы статье приводятся описан описаны"
).split()
_ZH_CLAUSES = (
    "本文提出了一种新的方法", "实验结果表明", "该方法在多个数据集上取得了较好的性能", "与现有方法相比",
    "针对上述问题", "首先构建了模型", "其次设计了优化算法", "最后进行了仿真验证", "具有较高的准确率和鲁棒性",
    "为相关研究提供了参考", "在此基础上", "进一步分析了影响因素", "有效降低了计算复杂度", "取得了显著的效果",
)


def _abstract_index(rng: random.Random, topic: Topic, language: str) -> dict[str, list[int]]:
    """An abstract as OpenAlex ships it: each token → its positions."""
    if language == "zh":
        tokens = [rng.choice(_ZH_CLAUSES) + (rng.choice(topic.zh) if rng.random() < 0.3 else "") + "，"
                  for _ in range(rng.randrange(6, 16))]
    else:
        words = _RU_WORDS if language == "ru" else _EN_WORDS
        terms = [w for t in (topic.ru if language == "ru" else topic.terms) for w in t.split()]
        n = max(40, int(rng.lognormvariate(5.0, 0.35)))  # ~150 words, like real abstracts
        tokens = rng.choices(words, k=n)
        for i, pos in enumerate(rng.choices(range(n), k=n // 12)):  # topic terms
            tokens[pos] = terms[i % len(terms)]
        for i, pos in enumerate(rng.choices(range(n), k=n // 7)):  # numbers and rare words, as in real text
            tokens[pos] = f"{int(rng.random() * 999)}.{i % 10}%" if i % 3 else f"{terms[i % len(terms)]}-{pos}"
    index: dict[str, list[int]] = {}
    for pos, tok in enumerate(tokens):
        index.setdefault(tok, []).append(pos)
    return index


_TITLE_EN = ("{A} {t0} for {t1}", "Towards {t0} with {t1}", "{t0}-based {t1}: a {A} approach",
             "On the {A} {t0} of {t1}", "{A} {t0} and {t1} in {S}", "Learning {t0} for {A} {t1}",
             "A survey of {t0} in {S}", "{t0} via {A} {t1}")
_ADJ = ("Robust", "Efficient", "Scalable", "Adaptive", "Hierarchical", "Distributed", "Multi-scale", "Lightweight",
        "Self-supervised", "Federated", "Interpretable", "Dynamic", "Sparse", "Graph-based", "Hybrid", "Fast")


def _title(rng: random.Random, topic: Topic, language: str) -> str:
    if language == "zh":
        a, b = rng.sample(topic.zh, 2) if len(topic.zh) > 1 else (topic.zh[0], "方法")
        pattern = rng.choice(("基于{a}的{b}方法研究", "{a}在{b}中的应用", "面向{b}的{a}模型", "{a}与{b}的联合优化"))
        return pattern.format(a=a, b=b)
    if language == "ru":
        a, b = rng.sample(topic.ru, 2) if len(topic.ru) > 1 else (topic.ru[0], "анализ")
        return rng.choice(("Применение {a}: {b}", "О методах {a} и {b}", "{A}: {b}", "Исследование {a} в задаче {b}"))\
            .format(a=a, b=b, A=a.capitalize())
    t0, t1 = rng.sample(topic.terms, 2)
    return rng.choice(_TITLE_EN).format(A=rng.choice(_ADJ), t0=t0, t1=t1, S=_SUBFIELDS[topic.subfield].lower())


_DEPTS = ("Department of Computer Science", "School of Computer Science and Engineering", "Faculty of Physics",
          "Department of Electrical Engineering", "Laboratory of Intelligent Systems", "School of Automation",
          "Department of Mathematics", "Center for Artificial Intelligence", "Institute of Applied Physics",
          "College of Information Science", "Department of Materials Science", "School of Medicine")
_LABS = ("Key Laboratory of", "State Key Laboratory of", "Laboratory of", "Center for", "Joint Institute for",
         "Research Group on")
_LAB_TOPICS = ("Machine Perception", "Intelligent Information Processing", "Pattern Recognition", "Complex Systems",
               "Robotics", "Photonics", "Quantum Information", "Big Data", "Computational Mathematics",
               "Advanced Materials", "Signal Processing", "Cyber Security", "Brain-Inspired Computing", "Optics")
_STREETS = ("Zhongguancun East Road", "Leninsky Prospekt", "Massachusetts Avenue", "Huarun Road", "Vavilova Street",
            "Dongchuan Road", "Kerchenskaya Street", "Main Street", "University Avenue", "Science Park Road")
_MAIL = ("wang", "li", "ivanov", "smith", "chen", "petrov", "zhang", "kim", "author", "corr")
_DEPTS_ZH = ("计算机科学与技术学院", "自动化学院", "模式识别国家重点实验室", "信息科学与工程学院", "物理学院")
_DEPTS_RU = ("Кафедра информатики", "Лаборатория интеллектуальных систем", "Физический факультет",
             "Факультет вычислительной математики и кибернетики", "Отдел прикладной математики")


def _affiliation_string(rng: random.Random, inst: Inst, native: bool) -> str:
    """How a paper writes an institution: department, name, city, postcode, country (with variants)."""
    c = COUNTRIES[inst.country]
    city, post = c.cities[inst.city % len(c.cities)]
    if native and inst.native and c.native:
        ncity = c.native_cities[inst.city % len(c.native_cities)]
        dept = rng.choice(_DEPTS_ZH if inst.country == "CN" else _DEPTS_RU) + ", " if rng.random() < 0.5 else ""
        tail = f", {rng.choice(c.native)}" if rng.random() < 0.8 else ""
        return f"{dept}{inst.native}, {ncity} {post}{tail}".replace(" ,", ",")
    r = rng.random()
    dept = rng.choice(_DEPTS) + ", " if r < 0.6 else ""
    if r < 0.15:  # labs and streets make real strings diverse
        dept = f"{rng.choice(_LABS)} {rng.choice(_LAB_TOPICS)}, {dept}"
    place = f"{city} {post}" if post and rng.random() < 0.6 else city
    if r > 0.75:
        place = f"{int(rng.random() * 300) + 1} {rng.choice(_STREETS)}, {place}"
    tail = f", {rng.choice(c.names)}" if rng.random() < 0.93 else ""
    mail = f". Electronic address: {rng.choice(_MAIL)}{int(rng.random() * 10**4)}@example.edu" if r < 0.04 else ""
    return f"{dept}{inst.name}, {place}{tail}{mail}"


_BARE_LABS = {  # lab names that fit the country (a "State Key Laboratory" is Chinese)
    "CN": ("State Key Laboratory of Complex Systems", "Research Center for Intelligent Computing",
           "Independent Researcher"),
    "RU": ("Scientific Research Institute of Radio Engineering", "Clinical Hospital No. 2",
           "Institute of Information Technologies", "Independent Researcher"),
    "": ("Independent Researcher", "Research Center for Intelligent Computing", "Department of Radiology",
         "Institute of Information Technologies"),
}


def _bare_affiliation(rng: random.Random, country: str) -> str:
    """An affiliation with no resolved institution: only a lab and a city, sometimes the country."""
    c = COUNTRIES[country]
    k = rng.randrange(len(c.cities))
    if c.native and rng.random() < 0.3:
        return f"{c.native_cities[k % len(c.native_cities)]}, {rng.choice(c.native)}"
    city, post = c.cities[k]
    lab = rng.choice(_BARE_LABS.get(country, _BARE_LABS[""]))
    tail = f", {rng.choice(c.names)}" if rng.random() < 0.6 else ""
    return f"{lab}, {city} {post}{tail}".replace(" ,", ",")


# ---------------------------------------------------------------------------------------------
# the work
def _cum_choice(rng: random.Random, items: list[Any] | tuple[Any, ...], cum: list[float]) -> Any:
    return rng.choices(items, cum_weights=cum, k=1)[0]


_KIND_ORDER = [k for k, v in MIX.items() for _ in range(v)]
_block_cache: dict[tuple[int, int], list[str]] = {}


def collaboration_kind(seed: int, index: int) -> str:
    """The planned country mix of work `index`: a fixed count per block of BLOCK works, shuffled by seed."""
    b = index // BLOCK
    kinds = _block_cache.get((seed, b))
    if kinds is None:
        kinds = list(_KIND_ORDER)
        random.Random(f"techties-block:{seed}:{b}").shuffle(kinds)
        if len(_block_cache) > 64:
            _block_cache.clear()
        _block_cache[(seed, b)] = kinds
    return kinds[index % BLOCK]


def _countries_for(rng: random.Random, kind: str) -> list[str]:
    if kind == "domestic":
        return [_cum_choice(rng, _COUNTRY_CODES, _COUNTRY_CUM)]
    if kind == "intl-other":
        while True:
            k = 2 if rng.random() < 0.8 else 3
            picked = list(dict.fromkeys(_cum_choice(rng, _COUNTRY_CODES, _COUNTRY_CUM) for _ in range(k)))
            if len(picked) >= 2 and len(BIG3.intersection(picked)) <= 1:
                return picked
    base = kind.split("-")
    if len(base) == 2 and rng.random() < 0.25:  # a third country, never the third of the big three
        while True:
            extra = _cum_choice(rng, _COUNTRY_CODES, _COUNTRY_CUM)
            if extra not in BIG3:
                return [*base, extra]
    return base


_N_AUTHORS = (1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 30, 60, 150, 400, 1200, 2900)
_N_AUTHORS_CUM = [8, 20, 36, 52, 65, 75, 82, 87, 92, 95, 97.2, 98.6, 99.4, 99.85, 99.96, 99.985, 99.996, 100]
_TYPES = (("article", "journal-article"), ("article", "proceedings-article"), ("review", "journal-article"),
          ("preprint", "posted-content"), ("book-chapter", "book-chapter"), ("dataset", "dataset"),
          ("dissertation", "dissertation"), ("book", "book"))
_TYPES_CUM = [62, 80, 85, 91, 96, 97, 98.5, 100]
_YEARS = list(range(YEARS[0], YEARS[1] + 1))


def _year(rng: random.Random, kind: str) -> int:
    growth = 1.17 if kind.startswith("CN-RU") else 1.07  # the CN–RU dyad grows faster, as in the brief
    return rng.choices(_YEARS, weights=[growth ** (y - YEARS[0]) for y in _YEARS], k=1)[0]


def _language(rng: random.Random, kind: str, countries: list[str]) -> str:
    r = rng.random()
    if kind == "domestic":
        if countries[0] == "CN" and r < 0.15:
            return "zh"
        if countries[0] == "RU" and r < 0.20:
            return "ru"
    elif kind.startswith("CN-RU"):
        if r < 0.08:
            return "zh"
        if r < 0.12:
            return "ru"
    return "en"


def _authorships(rng: random.Random, countries: list[str], language: str) -> list[dict[str, Any]]:
    n = max(_cum_choice(rng, _N_AUTHORS, _N_AUTHORS_CUM) + rng.randrange(0, 2), len(countries))
    if n > 30:
        n = int(n * (0.8 + 0.4 * rng.random()))
    # each listed country gets at least one author with a resolved institution (required=True);
    # the rest lean to the first country and may lack an institution
    assigned = [(c, True) for c in countries] + [
        (countries[0] if rng.random() < 0.55 else rng.choice(countries), False) for _ in range(n - len(countries))]
    rng.shuffle(assigned)
    lead = rng.randrange(n) if n <= 3 else rng.choice((0, n - 1))
    out: list[dict[str, Any]] = []
    for pos, (country, required) in enumerate(assigned):
        person = _person(rng, country)
        keys, cum = _BY_COUNTRY[country]
        insts = [INSTITUTIONS[_cum_choice(rng, keys, cum)]]
        if rng.random() < 0.12:  # a second affiliation, sometimes the parent or another listed country
            other = rng.choice(countries)
            okeys, ocum = _BY_COUNTRY[other]
            second = INSTITUTIONS[insts[0].parent] if insts[0].parent and rng.random() < 0.5 else \
                INSTITUTIONS[_cum_choice(rng, okeys, ocum)]
            if second.key != insts[0].key:
                insts.append(second)
        native = (language in ("zh", "ru") and rng.random() < 0.7) or rng.random() < 0.05
        raws = [_affiliation_string(rng, i, native) for i in insts]
        dehydrated = [_DEHYDRATED[i.key] for i in insts]
        if rng.random() < 0.08 and not required:  # no institution resolved: only the raw string names the place
            dehydrated, raws = [], [_bare_affiliation(rng, country)]
        raw_name = person["display_name"]
        if person["native"] and native:
            raw_name = person["native"]
        elif rng.random() < 0.4:
            raw_name = f"{person['family']}, {person['given'][0]}."
        out.append({
            "author_position": "first" if pos == 0 else ("last" if pos == n - 1 else "middle"),
            "author": {"id": person["id"], "display_name": person["display_name"], "orcid": person["orcid"]},
            "institutions": dehydrated,
            "countries": sorted({d["country_code"] for d in dehydrated}),
            "is_corresponding": pos == lead,
            "raw_author_name": raw_name,
            "raw_affiliation_strings": raws,
            "affiliations": [{"raw_affiliation_string": r, "institution_ids": [d["id"]]}
                             for r, d in zip(raws, dehydrated, strict=False)] if dehydrated else
            [{"raw_affiliation_string": raws[0], "institution_ids": []}],
        })
    return out


def _funding(rng: random.Random, countries: list[str], legacy_grants: bool) -> dict[str, Any]:
    funders: list[Funder] = []
    if rng.random() < 0.55:
        for c in countries:
            pool = _FUNDERS_BY_COUNTRY.get(c)
            if pool and rng.random() < 0.8:
                funders.extend(rng.sample(pool, k=min(len(pool), 1 + (rng.random() < 0.35))))
        if rng.random() < 0.1:
            funders.append(rng.choice(_FUNDERS_BY_COUNTRY["EU"]))
    awards = [(f, f.award(rng)) for f in funders for _ in range(1 + (rng.random() < 0.3))]
    if legacy_grants:
        return {"grants": [{"funder": funder_id(f.key), "funder_display_name": f.name, "award_id": a}
                           for f, a in awards]}
    return {
        "funders": [{"id": funder_id(f.key), "display_name": f.name, "ror": _ror("funder:" + f.key)}
                    for f in dict.fromkeys(funders)],
        "awards": [{"id": synthetic_id("G", _num("award", f"{f.key}:{a}")), "display_name": None,
                    "funder_award_id": a, "funder_id": funder_id(f.key), "funder_display_name": f.name,
                    "doi": None} for f, a in awards],
    }


def _location(source: dict[str, Any], url: str, is_oa: bool, version: str | None, license_: str | None,
              pdf: str | None) -> dict[str, Any]:
    return {"is_oa": is_oa, "landing_page_url": url, "pdf_url": pdf, "source": source, "license": license_,
            "license_id": f"https://openalex.org/licenses/{license_}" if license_ else None, "version": version,
            "is_accepted": version in ("acceptedVersion", "publishedVersion"),
            "is_published": version == "publishedVersion"}


def work_at(index: int, seed: int = 1, *, snapshot_date: str = DEFAULT_SNAPSHOT_DATE,
            n_total: int | None = None, legacy_grants: bool = False) -> dict[str, Any]:
    """The synthetic work number `index` for `seed`, as one OpenAlex snapshot record (a dict).

    `n_total` bounds the ids that references point to (the snapshot's size); `legacy_grants`
    writes the 2023–2025 `grants` list instead of the current `funders` + `awards`."""
    rng = random.Random((seed << 40) + index)
    kind = collaboration_kind(seed, index)
    countries = _countries_for(rng, kind)
    language = _language(rng, kind, countries)
    year = _year(rng, kind)
    ti = rng.choices(range(len(TOPICS)), cum_weights=_TOPIC_CUM, k=1)[0]
    topic = TOPICS[ti]
    wid = work_id(seed, index)
    short = wid[len(OA):]
    month, day = rng.randrange(1, 13), rng.randrange(1, 29)
    pub_date = f"{year}-{month:02d}-{day:02d}"
    title = _title(rng, topic, language)
    wtype, ctype = _cum_choice(rng, _TYPES, _TYPES_CUM)
    doi = f"https://doi.org/10.5555/techties-synth.{seed}.{index}" if rng.random() < 0.85 else None
    authorships = _authorships(rng, countries, language)

    age = max(0, 2025 - year)
    cited = int(rng.paretovariate(1.3) * (age + 0.5) * 1.6) - 1 if rng.random() < 0.85 else 0
    cited = max(0, min(cited, 60_000))
    counts_by_year = []
    left = cited
    for y in range(min(2025, year + age), year - 1, -1):
        if y < 2012 or left <= 0:
            break
        c = left if y == year else int(left * rng.uniform(0.05, 0.3))
        if c:
            counts_by_year.append({"year": y, "cited_by_count": c})
        left -= c

    src = _SOURCES[(ti, rng.randrange(12))]
    landing = doi or f"https://example.org/synthetic/{short}"
    oa_status = rng.choices(("closed", "gold", "green", "hybrid", "bronze", "diamond"), (50, 17, 15, 8, 7, 3))[0]
    is_oa = oa_status != "closed"
    lic = rng.choice(("cc-by", "cc-by-nc", "cc-by-nc-nd")) if oa_status in ("gold", "hybrid", "diamond") else None
    primary = _location(src, landing, oa_status in ("gold", "hybrid", "bronze", "diamond"), "publishedVersion",
                        lic, f"{landing}/pdf" if is_oa and oa_status != "green" else None)
    locations = [primary]
    if oa_status == "green" or rng.random() < 0.2:
        repo = _REPOSITORIES[0] if topic.subfield // 100 in (17, 22, 26, 31) else _REPOSITORIES[1]
        arx = f"https://arxiv.org/abs/{year % 100:02d}{month:02d}.{rng.randrange(10**5):05d}"
        locations.append(_location(repo, arx, True, "submittedVersion", "other-oa", arx.replace("abs", "pdf")))
    best = next((loc for loc in locations if loc["is_oa"]), None)

    n_refs = 0 if rng.random() < 0.2 else min(400, int(rng.lognormvariate(3.3, 0.7)))
    span = min(index, n_total or index) or 1
    referenced = [work_id(seed, int(rng.random() * span)) for _ in range(n_refs)] if index else []
    related = [work_id(seed, int(rng.random() * (n_total or index + 1000))) for _ in range(10)]

    primary_score = round(rng.uniform(0.85, 0.999), 4)
    others = rng.sample(range(len(TOPICS)), 2)
    topics = [_topic_obj(topic, primary_score)] + [
        _topic_obj(TOPICS[o], round(rng.uniform(0.3, primary_score), 4)) for o in others if o != ti]
    fid = topic.subfield // 100
    concepts = [_concept(_LEVEL0.get(fid, "Computer science"), 0, round(rng.uniform(0.4, 0.9), 8))]
    concepts += [_concept(t.capitalize(), 2, round(rng.uniform(0.3, 0.8), 8)) for t in topic.terms[:2]]
    concepts += [_concept(c, rng.choice((0, 1, 2, 3)), round(rng.uniform(0.0, 0.45), 8))
                 for c in rng.sample(_GENERIC_CONCEPTS, rng.randrange(4, 12))]
    keywords = [{"id": f"{OA}keywords/{t.replace(' ', '-').lower()}", "display_name": t.title(),
                 "score": round(rng.uniform(0.3, 0.8), 6)} for t in rng.sample(topic.terms, rng.randrange(1, 4))]
    funding = _funding(rng, countries, legacy_grants)
    inst_ids = {d["id"] for a in authorships for d in a["institutions"]}
    work_countries = {c for a in authorships for c in a["countries"]}
    corresponding = [a for a in authorships if a["is_corresponding"]]
    fwci = round(rng.lognormvariate(-0.3, 1.0), 3) if cited else 0.0
    pct = min(0.99999, rng.betavariate(1.2, 1.0))
    has_abstract = rng.random() < 0.75

    work: dict[str, Any] = {
        "id": wid, "doi": doi, "title": title, "display_name": title,
        "publication_year": year, "publication_date": pub_date,
        "ids": {"openalex": wid, **({"doi": doi} if doi else {})},
        "language": language, "primary_location": primary, "type": wtype, "type_crossref": ctype,
        "indexed_in": ["crossref"] + (["arxiv"] if len(locations) > 1 else []),
        "open_access": {"is_oa": is_oa, "oa_status": oa_status, "oa_url": best["pdf_url"] or best["landing_page_url"]
                        if best else None, "any_repository_has_fulltext": len(locations) > 1},
        "authorships": authorships,
        "institution_assertions": [],
        "countries_distinct_count": len(work_countries),
        "institutions_distinct_count": len(inst_ids),
        "corresponding_author_ids": [a["author"]["id"] for a in corresponding],
        "corresponding_institution_ids": [d["id"] for a in corresponding for d in a["institutions"]],
        "apc_list": {"value": 2000, "currency": "USD", "value_usd": 2000, "provenance": "doaj"}
        if src["is_oa"] else None,
        "apc_paid": None, "fwci": fwci, "has_fulltext": rng.random() < 0.4, "fulltext_origin": "pdf",
        "cited_by_count": cited,
        "citation_normalized_percentile": {"value": round(pct, 6), "is_in_top_1_percent": pct > 0.99,
                                           "is_in_top_10_percent": pct > 0.9},
        "cited_by_percentile_year": {"min": int(pct * 100), "max": min(100, int(pct * 100) + 1)},
        "biblio": {"volume": str(rng.randrange(1, 80)), "issue": str(rng.randrange(1, 13)),
                   "first_page": str(p := rng.randrange(1, 9000)), "last_page": str(p + rng.randrange(4, 20))},
        "is_retracted": rng.random() < 0.0005, "is_paratext": False,
        "primary_topic": topics[0], "topics": topics, "keywords": keywords, "concepts": concepts, "mesh": [],
        "locations_count": len(locations), "locations": locations, "best_oa_location": best,
        "sustainable_development_goals": [{"id": "https://metadata.un.org/sdg/9",
                                           "display_name": "Industry, innovation and infrastructure",
                                           "score": round(rng.uniform(0.1, 0.7), 2)}] if rng.random() < 0.3 else [],
        **funding,
        "datasets": [], "versions": [],
        "referenced_works_count": len(referenced), "referenced_works": referenced, "related_works": related,
        "ngrams_url": f"https://api.openalex.org/works/{short}/ngrams",
        "abstract_inverted_index": _abstract_index(rng, topic, language) if has_abstract else None,
        "cited_by_api_url": f"https://api.openalex.org/works?filter=cites:{short}",
        "counts_by_year": counts_by_year,
        "updated_date": f"{snapshot_date}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}."
                        f"{rng.randrange(10**6):06d}",
        "created_date": f"{min(year + 1, 2025)}-{month:02d}-{day:02d}",
        SYNTHETIC_KEY: True,
    }
    return work


def generate_works(n: int, seed: int = 1, *, start: int = 0, **kwargs: Any) -> Iterator[dict[str, Any]]:
    """Works `start` … `start + n - 1` for `seed`, one dict at a time (memory stays flat)."""
    kwargs.setdefault("n_total", start + n)
    for i in range(start, start + n):
        yield work_at(i, seed, **kwargs)


# ---------------------------------------------------------------------------------------------
# files
@dataclass
class SnapshotPart:
    path: Path
    first: int
    count: int
    content_length: int = 0


@dataclass
class Snapshot:
    root: Path
    parts: list[SnapshotPart] = field(default_factory=list)
    manifest: Path | None = None

    @property
    def works(self) -> int:
        return sum(p.count for p in self.parts)

    @property
    def gzip_bytes(self) -> int:
        return sum(p.content_length for p in self.parts)


_ENCODER = msgspec.json.Encoder()


def write_part(path: str | Path, first: int, count: int, seed: int = 1, *, n_total: int | None = None,
               snapshot_date: str = DEFAULT_SNAPSHOT_DATE, compresslevel: int = 6, legacy_grants: bool = False,
               on_progress: Callable[[int], None] | None = None, chunk: int = 500) -> int:
    """Write works first … first+count-1 as gzip JSON Lines; return the bytes written.

    Streams in chunks of `chunk` works through one zlib stream, so memory stays flat."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    comp = zlib.compressobj(compresslevel, zlib.DEFLATED, 31)  # 31: gzip container
    with open(tmp, "wb") as fh:
        done = 0
        while done < count:
            k = min(chunk, count - done)
            lines = [_ENCODER.encode(work_at(first + done + j, seed, snapshot_date=snapshot_date,
                                             n_total=n_total or first + count, legacy_grants=legacy_grants))
                     for j in range(k)]
            fh.write(comp.compress(b"\n".join(lines) + b"\n"))
            done += k
            if on_progress:
                on_progress(k)
        fh.write(comp.flush())
    tmp.replace(path)
    return path.stat().st_size


def plan_parts(root: str | Path, n: int, files: int = 1, *,
               snapshot_date: str = DEFAULT_SNAPSHOT_DATE) -> Snapshot:
    """Where each part goes, like the real snapshot: data/works/updated_date=…/part_NNN.gz."""
    files = max(1, min(files, n or 1))
    folder = Path(root) / "data" / "works" / f"updated_date={snapshot_date}"
    size, extra = divmod(n, files)
    parts, first = [], 0
    for k in range(files):
        count = size + (k < extra)
        parts.append(SnapshotPart(folder / f"part_{k:03d}.gz", first, count))
        first += count
    return Snapshot(Path(root), parts)


def write_manifest(snap: Snapshot) -> Path:
    """The snapshot's manifest (same shape as OpenAlex's): one entry per part with its size and count."""
    works_dir = snap.root / "data" / "works"
    entries = [{"url": f"s3://openalex/{p.path.relative_to(snap.root).as_posix()}",
                "meta": {"content_length": p.content_length, "record_count": p.count}} for p in snap.parts]
    manifest = {"entries": entries, "meta": {"content_length": snap.gzip_bytes, "record_count": snap.works}}
    path = works_dir / "manifest"
    path.write_text(json.dumps(manifest, indent=2) + "\n")
    snap.manifest = path
    return path


def write_snapshot(root: str | Path, n: int, seed: int = 1, *, files: int = 1,
                   snapshot_date: str = DEFAULT_SNAPSHOT_DATE, compresslevel: int = 6,
                   legacy_grants: bool = False, on_progress: Callable[[int], None] | None = None) -> Snapshot:
    """Write `n` works as an OpenAlex-shaped snapshot folder in one process (see the CLI for parallel)."""
    snap = plan_parts(root, n, files, snapshot_date=snapshot_date)
    for p in snap.parts:
        p.content_length = write_part(p.path, p.first, p.count, seed, n_total=n, snapshot_date=snapshot_date,
                                      compresslevel=compresslevel, legacy_grants=legacy_grants,
                                      on_progress=on_progress)
    write_manifest(snap)
    return snap


__all__ = [
    "BLOCK", "MIX", "SYNTHETIC_KEY", "Snapshot", "SnapshotPart", "collaboration_kind", "generate_works",
    "is_synthetic_id", "plan_parts", "work_at", "work_id", "write_manifest", "write_part", "write_snapshot",
]
