"""GB/T 3304 ethnic group codes.

Cards store the ethnic group as a two-digit code (the resident ID card as
text, the social security card as one BCD byte); documents carry the name
as printed on the card face (e.g. "汉").
"""

from __future__ import annotations

_NAMES_IN_CODE_ORDER = (
    "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜",
    "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳",
    "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土",
    "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米",
    "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔",
    "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
)  # fmt: skip

ETHNIC_GROUP_BY_CODE: dict[str, str] = {
    f"{index:02d}": name for index, name in enumerate(_NAMES_IN_CODE_ORDER, start=1)
}
ETHNIC_GROUP_BY_CODE["97"] = "其他"
ETHNIC_GROUP_BY_CODE["98"] = "外国血统中国籍人士"

CODE_BY_ETHNIC_GROUP: dict[str, str] = {name: code for code, name in ETHNIC_GROUP_BY_CODE.items()}


def ethnic_group_name(code: str) -> str:
    """Name for a GB/T 3304 code; raises KeyError for unknown codes."""
    return ETHNIC_GROUP_BY_CODE[code]


def ethnic_group_code(name: str) -> str:
    """GB/T 3304 code for a name, accepting a trailing 族 ("汉族" or "汉")."""
    if name in CODE_BY_ETHNIC_GROUP:
        return CODE_BY_ETHNIC_GROUP[name]
    return CODE_BY_ETHNIC_GROUP[name.removesuffix("族")]
