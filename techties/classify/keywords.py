"""Chinese and Russian AI term lists: the method for titles/abstracts the English model cannot read.

The lists are our own, written from general technical vocabulary (no third-party list is copied);
tests measure their overlap with CSET's Chinese AI term list. A document counts as AI when at
least one term occurs; more distinct terms raise the score.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Simplified and traditional Chinese forms; substring match (Chinese has no spaces).
AI_TERMS_ZH: tuple[str, ...] = (
    "人工智能", "人工智慧", "机器学习", "機器學習", "深度学习", "深度學習", "神经网络", "神經網絡", "神經網路",
    "卷积神经网络", "卷積神經網絡", "循环神经网络", "循環神經網絡", "图神经网络", "圖神經網絡",
    "计算机视觉", "計算機視覺", "电脑视觉", "機器視覺", "机器视觉", "图像识别", "圖像識別", "影像辨識",
    "目标检测", "目標檢測", "图像分割", "圖像分割", "人脸识别", "人臉識別", "语音识别", "語音識別",
    "语音合成", "語音合成", "自然语言处理", "自然語言處理", "机器翻译", "機器翻譯", "文本分类", "文本分類",
    "情感分析", "知识图谱", "知識圖譜", "知识表示", "知識表示", "大语言模型", "大語言模型", "大模型",
    "语言模型", "語言模型", "预训练模型", "預訓練模型", "强化学习", "強化學習", "监督学习", "監督學習",
    "无监督学习", "無監督學習", "半监督学习", "半監督學習", "迁移学习", "遷移學習", "联邦学习", "聯邦學習",
    "元学习", "表示学习", "特征学习", "模式识别", "模式識別", "支持向量机", "支持向量機", "决策树",
    "決策樹", "随机森林", "隨機森林", "贝叶斯网络", "貝葉斯網絡", "生成对抗网络", "生成對抗網絡",
    "生成式人工智能", "生成式AI", "扩散模型", "擴散模型", "注意力机制", "注意力機制", "智能体", "智能體",
    "多智能体", "多智能體", "专家系统", "專家系統", "智能机器人", "智能機器人", "机器人", "機器人",
    "自动驾驶", "自動駕駛", "无人驾驶", "無人駕駛", "智能驾驶", "类脑", "類腦", "脑机接口", "腦機接口",
    "数据挖掘", "數據挖掘", "聚类", "聚類", "进化算法", "進化算法", "遗传算法", "遺傳算法", "智能算法",
    "计算智能", "計算智能", "Transformer", "BERT", "GPT", "ChatGPT", "LSTM",
)

# Russian: lower-case stems, matched at word starts so that inflected forms count
# ("нейронной сети", "нейронных сетей").
AI_TERMS_RU: tuple[str, ...] = (
    "искусственн интеллект", "машинн обучени", "глубок обучени", "нейросет", "нейронн сет",
    "сверточн", "свёрточн", "рекуррентн нейрон", "компьютерн зрени", "машинн зрени", "распознавани образ",
    "распознавани изображ", "распознавани реч", "распознавани лиц", "обработк естественн язык",
    "машинн перевод", "языков модел", "обучени с подкреплением", "обучение без учителя", "обучение с учителем",
    "трансферн обучени", "федеративн обучени", "генеративн модел",
    "генеративн нейрон", "генеративн искусственн", "интеллектуальн анализ данных",
    "интеллектуальн систем", "экспертн систем", "многоагентн", "робототехн", "автономн робот",
    "беспилотн автомобил", "беспилотн транспорт", "автономн вождени", "метод опорных векторов",
    "случайный лес", "дерев решений", "байесовск сет", "кластеризац", "классификац изображ",
    "сегментац изображ", "детекц объект", "обнаружени объектов", "графов знаний", "граф знаний",
    "трансформер", "чат-бот", "чатбот", "нейроморфн",
)

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LETTER = re.compile(r"[^\W\d_]")


def _ru_pattern(term: str) -> re.Pattern[str]:
    """Each stem must start a word; stems are separated by a word and optional other words' tails."""
    parts = [re.escape(p) for p in term.split()]
    return re.compile(r"(?<!\w)" + r"\w*\s+".join(parts), re.IGNORECASE)


_RU_PATTERNS = [(t, _ru_pattern(t)) for t in AI_TERMS_RU]
_ZH_LOWER = [(t, t.lower()) for t in AI_TERMS_ZH]


def script_of(text: str) -> str:
    """'zh', 'ru' or 'latin' by the largest share of letters: decides which method reads a text."""
    if text.isascii() or not (_CJK.search(text) or _CYRILLIC.search(text)):
        return "latin"
    letters = len(_LETTER.findall(text))
    if not letters:
        return "latin"
    cjk = len(_CJK.findall(text))
    cyr = len(_CYRILLIC.findall(text))
    if cjk / letters >= 0.2:
        return "zh"
    if cyr / letters >= 0.3:
        return "ru"
    return "latin"


def matched_terms_zh(text: str) -> list[str]:
    low = text.lower()
    return [t for t, tl in _ZH_LOWER if tl in low]


def matched_terms_ru(text: str) -> list[str]:
    return [t for t, p in _RU_PATTERNS if p.search(text)]


def keyword_score(n_terms: int, threshold: float) -> float:
    """On the model's scale: 0 with no term; above the threshold with one term, rising with more."""
    if n_terms <= 0:
        return 0.0
    return threshold + (1.0 - threshold) * n_terms / (n_terms + 2)


def score_keywords(texts: Sequence[str], language: str, threshold: float) -> list[float]:
    match = matched_terms_zh if language == "zh" else matched_terms_ru
    return [keyword_score(len(match(t)), threshold) for t in texts]
