from __future__ import annotations

import csv
import json
import re

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils.validation import check_is_fitted
from typer.testing import CliRunner

import textkit
from textkit.classify import (
    CANDIDATES,
    CONTEXT_WEIGHT,
    THEMES,
    CharTfidf,
    ThemeModel,
    cross_validate,
    decide_rows,
    model_input,
    read_labelled,
    select_model,
    shipped_model_path,
)
from textkit.cli import app
from textkit.errors import ModelError
from textkit.labels import LABELS
from textkit.themes import ThemeTagger, load_model

from ..conftest import REPORT_SIMPLIFIED, REPORT_TRADITIONAL, ROOT

runner = CliRunner()
TRAIN = ROOT / "scripts" / "training" / "train.csv"


def test_shipped_model_classifies_clear_cases():
    model = load_model()
    got = model.predict(
        [
            "组织党员集中学习党的二十大精神",
            "建立健全党支部议事规则和工作制度",
            "开展廉政谈话和专项督查",
            "为独居老人提供上门送餐服务",
            "完成年度发电量18亿千瓦时",
        ]
    )
    assert [g[0] for g in got] == ["education", "mechanism", "supervision", "service", "other"]


# Mistake kinds seen on unseen reports (issue 11), in sentences written for these tests, in both scripts:
# supervision cues inside a system, rules about study (education first), economic policy and output (other).
@pytest.mark.parametrize(
    ("simplified", "traditional", "main"),
    [
        (
            "机关党委每年年底组织各支部书记进行述职评议并建立评议档案",
            "機關黨委每年年底組織各支部書記進行述職評議並建立評議檔案",
            "supervision",
        ),
        ("建立健全谈心谈话制度，支委每季度与党员谈心一次", "建立健全談心談話制度，支委每季度與黨員談心一次", "supervision"),
        ("完善问责机制，对落实不力的单位负责人严肃问责", "完善問責機制，對落實不力的單位負責人嚴肅問責", "supervision"),
        ("制定巡察整改工作办法，对反馈问题建立整改清单", "制定巡察整改工作辦法，對反饋問題建立整改清單", "supervision"),
        ("健全廉政风险防控制度，对财务岗位定期轮岗", "健全廉政風險防控制度，對財務崗位定期輪崗", "supervision"),
        ("建立约谈制度，对排名靠后的支部书记进行约谈", "建立約談制度，對排名靠後的支部書記進行約談", "supervision"),
        ("坚持支委会学习制度，每月组织一次专题学习", "堅持支委會學習制度，每月組織一次專題學習", "education"),
        ("建立青年干部读书制度，每季度开展一次读书交流", "建立青年幹部讀書制度，每季度開展一次讀書交流", "education"),
        ("对高新技术企业减按15%税率征收企业所得税", "對高新技術企業減按15%稅率徵收企業所得稅", "other"),
        ("实施积极的财政政策，扩大地方政府专项债券规模", "實施積極的財政政策，擴大地方政府專項債券規模", "other"),
        ("全年完成原煤产量860万吨", "全年完成原煤產量860萬噸", "other"),
        ("支持先进制造业集群发展，培育新兴产业", "支持先進製造業集羣發展，培育新興產業", "other"),
        ("组织党员志愿者为困难群众修缮房屋", "組織黨員志願者爲困難羣衆修繕房屋", "service"),
    ],
)
def test_shipped_model_main_theme_of_issue_11_mistake_kinds(simplified, traditional, main):
    got = load_model().predict([simplified, traditional])
    assert [g[0] for g in got] == [main, main]


# More mistake kinds of issue 11 (sentences written for these tests): capacity building, exchanges and
# theory research are education even with 管理/工作方法 in them; member intake, team building and posts
# are mechanism; hearing duty reports, assessment and feedback on members are supervision; works for
# residents' livelihood are service, not output (other); relief for enterprises' loans is other.
@pytest.mark.parametrize(
    ("simplified", "traditional", "main"),
    [
        ("定期举办支部书记经验交流会，相互借鉴工作方法", "定期舉辦支部書記經驗交流會，相互借鑑工作方法", "education"),
        ("着力提升年轻干部的履职能力和专业素养", "着力提升年輕幹部的履職能力和專業素養", "education"),
        ("加强党建理论研究，每年形成一批调研成果", "加強黨建理論研究，每年形成一批調研成果", "education"),
        ("严格发展党员程序，把好党员队伍入口关", "嚴格發展黨員程序，把好黨員隊伍入口關", "mechanism"),
        ("配齐配强村党组织班子，选优培强带头人", "配齊配強村黨組織班子，選優培強帶頭人", "mechanism"),
        ("推行党员认岗定责，每名党员至少认领一个岗位", "推行黨員認崗定責，每名黨員至少認領一個崗位", "mechanism"),
        ("党组每半年听取各支部书记抓党建工作情况汇报并当场点评", "黨組每半年聽取各支部書記抓黨建工作情況彙報並當場點評", "supervision"),
        ("严格党建工作考核，对考核排名靠后的支部进行通报", "嚴格黨建工作考覈，對考覈排名靠後的支部進行通報", "supervision"),
        ("每季度将下沉党员的服务表现反馈给其所在单位", "每季度將下沉黨員的服務表現反饋給其所在單位", "supervision"),
        ("为辖区困难家庭完成危旧房屋改造40户", "爲轄區困難家庭完成危舊房屋改造40戶", "service"),
        ("为残疾人免费配发助行器和助听器", "爲殘疾人免費配發助行器和助聽器", "service"),
        ("认真做好群众来信来访的接待办理工作", "認真做好羣衆來信來訪的接待辦理工作", "service"),
        ("对小微企业贷款实行延期还本付息", "對小微企業貸款實行延期還本付息", "other"),
    ],
)
def test_shipped_model_main_theme_of_more_issue_11_mistake_kinds(simplified, traditional, main):
    got = load_model().predict([simplified, traditional])
    assert [g[0] for g in got] == [main, main]


# Confusions that remained on unseen reports (sentences written for these tests): oversight teams,
# record checks with accountability and appraisal by the served are supervision beside 制度/队伍/党建;
# service posts and service teams are service; training programmes (工程) are education; branches on
# industrial chains are mechanism; help with sales for farmers is service, output and credit policy other.
@pytest.mark.parametrize(
    ("simplified", "traditional", "main"),
    [
        (
            "抽调纪检干部组成专项督查组，对各党支部组织生活开展情况进行督导",
            "抽調紀檢幹部組成專項督查組，對各黨支部組織生活開展情況進行督導",
            "supervision",
        ),
        ("每半年抽查一次支部会议记录，对弄虚作假的严肃问责", "每半年抽查一次支部會議記錄，對弄虛作假的嚴肅問責", "supervision"),
        ("请服务对象对窗口党员的工作作风逐项打分评议", "請服務對象對窗口黨員的工作作風逐項打分評議", "supervision"),
        ("把党建述职评议结果作为支部书记年度考核的重要内容", "把黨建述職評議結果作為支部書記年度考核的重要內容", "supervision"),
        ("在服务大厅设立党员志愿服务岗，为老年人代办业务", "在服務大廳設立黨員志願服務崗，為老年人代辦業務", "service"),
        ("组建医护党员服务队，每月到偏远村组巡回义诊", "組建醫護黨員服務隊，每月到偏遠村組巡迴義診", "service"),
        ("实施村干部学历提升工程，组织村干部参加专题轮训", "實施村幹部學歷提升工程，組織村幹部參加專題輪訓", "education"),
        ("在茶叶产业链上建立党支部，把种植大户中的党员编入支部", "在茶葉產業鏈上建立黨支部，把種植大戶中的黨員編入支部", "mechanism"),
        ("帮助果农对接电商平台，解决了滞销苹果的销路", "幫助果農對接電商平台，解決了滯銷蘋果的銷路", "service"),
        ("全年完成天然气产量四十亿立方米", "全年完成天然氣產量四十億立方米", "other"),
        ("加大对民营企业的信贷支持，降低企业融资成本", "加大對民營企業的信貸支持，降低企業融資成本", "other"),
    ],
)
def test_shipped_model_main_theme_of_remaining_confusions(simplified, traditional, main):
    got = load_model().predict([simplified, traditional])
    assert [g[0] for g in got] == [main, main]


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("逐一登记造册", "对辖区内的独居老人和留守儿童逐一登记造册"),
        ("逐一登記造冊", "對轄區內的獨居老人和留守兒童逐一登記造冊"),
    ],
)
def test_shipped_model_reads_a_clause_in_its_sentence(text, sentence):
    """A clause that names no theme by itself takes the theme of the sentence it was cut from."""
    model = load_model()
    alone, _ = model.scores([text])
    in_context, _ = model.scores([text], contexts=[sentence])
    service = LABELS.index("service")
    assert in_context[0, service] > alone[0, service]
    assert LABELS[int(in_context[0].argmax())] == "service"


def test_context_averages_the_scores_of_text_and_sentence(fitted):
    texts = ["每月通报一次", "组织党员集中学习", "为老人送餐"]
    contexts = ["对各支部开展专项督查，每月通报一次", "组织党员集中学习", ""]
    probs, ovr = fitted.scores(texts)
    ctx_probs, ctx_ovr = fitted.scores([contexts[0]])
    blended, blended_ovr = fitted.scores(texts, contexts=contexts)
    w = fitted.context
    assert np.allclose(blended[0], (probs[0] + w * ctx_probs[0]) / (1 + w))
    assert np.allclose(blended_ovr[0], (ovr[0] + w * ctx_ovr[0]) / (1 + w))
    assert np.allclose(blended[1:], probs[1:]) and np.allclose(blended_ovr[1:], ovr[1:])  # same text, or no context
    assert np.allclose(blended.sum(axis=1), 1.0)
    off = clone(fitted).set_params(context=0.0)
    off.estimator_, off.main_estimator_, off.labels_ = fitted.estimator_, fitted.main_estimator_, fitted.labels_
    assert np.allclose(off.scores(texts, contexts=contexts)[0], probs)
    with pytest.raises(ValueError, match="contexts"):
        fitted.scores(texts, contexts=contexts[:2])
    together = fitted.scores_in_context(texts, contexts)  # one vectorisation, the same numbers
    for got, want in zip(together, (probs, ovr, blended, blended_ovr)):
        assert np.array_equal(got, want)


def test_theme_tagger_reads_each_measure_in_its_sentence_and_the_article_its_own_text(monkeypatch):
    from textkit.model import Article, Measure

    tagger = ThemeTagger()
    seen = {}
    real = tagger.model.scores_in_context

    def spy(texts, contexts, **kwargs):
        seen["contexts"] = contexts
        return real(texts, contexts, **kwargs)

    monkeypatch.setattr(tagger.model, "scores_in_context", spy)
    sentence = "对辖区内的独居老人和留守儿童逐一登记造册"
    art = Article(title="t", text=sentence)
    art.measures = [Measure(text="逐一登记造册", level="item", status="done", sentence=sentence)]
    tagger.annotate(art)
    assert seen["contexts"] == [sentence]
    assert art.measures[0].themes[0] == "service"
    own, _ = tagger.model.scores(["逐一登记造册"])  # alone, the clause names no service
    assert LABELS[int(own[0].argmax())] != "service"
    assert max(art.themes, key=art.themes.get) == LABELS[int(own[0].argmax())]  # the article counts the measure's own text


@pytest.mark.parametrize(
    ("text", "themes", "expected"),
    [
        ("建立党员学习制度，每周集中学习一次", ["mechanism", "education"], ["education", "mechanism"]),
        ("建立党员一对一帮带机制", ["education", "mechanism"], ["mechanism", "education"]),
        ("建立支部书记述职评议制度", ["mechanism", "supervision"], ["supervision", "mechanism"]),
        ("完善支部考核评比制度", ["supervision", "mechanism"], ["mechanism", "supervision"]),
        ("建立党员帮扶困难群众制度", ["mechanism", "service"], ["service", "mechanism"]),
        ("组织党员集中学习", ["education"], ["education"]),
    ],
)
def test_training_convention_orders_the_themes_of_a_system(text, themes, expected):
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_training", ROOT / "scripts" / "training" / "build_training.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.convention(themes, text) == expected


def test_measures_and_articles_carry_themes():
    (art,) = textkit.extract(REPORT_SIMPLIFIED)
    assert all(m.themes and {"education", "mechanism", "supervision", "service"} <= set(m.theme_scores) for m in art.measures)
    assert abs(sum(art.themes.values()) - 1) < 1e-3 and 0 <= art.theme_confidence <= 1
    assert max(art.themes, key=art.themes.get) in ("mechanism", "service")


def test_explain_names_driving_words():
    expl = load_model().explain("组织党员观看廉政警示教育片")
    assert any("廉政" in n or "警示" in n for n, _ in expl["supervision"])


def _small_training_file(tmp_path, n=240):
    rows = list(csv.DictReader(TRAIN.open(encoding="utf-8")))
    by_theme: dict[str, list] = {}
    for r in rows:
        by_theme.setdefault(r["themes"].split("|")[0], []).append(r)
    picked = [r for rs in by_theme.values() for r in rs[: n // len(by_theme)]]
    path = tmp_path / "small.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["text", "themes"])
        w.writeheader()
        w.writerows({"text": r["text"], "themes": r["themes"]} for r in picked)
    return path


def test_train_cli_writes_model_and_metrics_and_extract_uses_it(small_data, tmp_path):
    data, _, _ = small_data
    out = tmp_path / "mine.skops"
    res = runner.invoke(app, ["train", str(data), "-o", str(out), "--folds", "3", "--no-compare"])
    assert res.exit_code == 0, res.output
    assert "education" in res.output and "confusion" in res.output
    metrics = json.loads(out.with_suffix(".metrics.json").read_text(encoding="utf-8"))
    assert set(metrics["cv"]["per_theme"]) == {"education", "mechanism", "supervision", "service"}
    assert ThemeModel.load(out).predict(["开展党员志愿服务"])[0]
    api_out = tmp_path / "api.skops"
    textkit.train(str(data), str(api_out), folds=3, compare=False)  # the documented API equivalent
    assert api_out.with_suffix(".metrics.json").read_bytes() == out.with_suffix(".metrics.json").read_bytes()
    probe = ["开展党员志愿服务", "建立健全议事规则", "开展专项督查"]
    assert ThemeModel.load(api_out).predict(probe) == ThemeModel.load(out).predict(probe)
    src = tmp_path / "r.txt"
    src.write_text(REPORT_SIMPLIFIED, encoding="utf-8")
    res = runner.invoke(app, ["extract", str(src), "--model", str(out), "-o", str(tmp_path / "x.jsonl"), "-q"])
    assert res.exit_code == 0, res.output


def test_invalid_model_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.skops"
    bad.write_text("not a model", encoding="utf-8")
    with pytest.raises(ModelError, match="not a textkit model"):
        ThemeModel.load(bad)
    with pytest.raises(ModelError, match="no such model"):
        ThemeModel.load(tmp_path / "missing.skops")
    res = runner.invoke(app, ["classify", "开展学习", "--model", str(bad)])
    assert res.exit_code == 2 and "not a textkit model" in res.output


def test_read_labelled_rejects_unknown_themes(tmp_path):
    p = tmp_path / "x.jsonl"
    p.write_text(json.dumps({"text": "开展学习", "themes": ["education", "sports"]}, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="sports"):
        read_labelled(p)


def test_classify_cli_sentence_and_file(tmp_path):
    res = runner.invoke(app, ["classify", "开展廉政警示教育", "--explain"])
    assert res.exit_code == 0 and "supervision" in res.output
    src = tmp_path / "r.txt"
    src.write_text(REPORT_SIMPLIFIED, encoding="utf-8")
    res = runner.invoke(app, ["classify", str(src), "--measures"])
    assert res.exit_code == 0 and "confidence" in res.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("建立了党員學習制度，每月學習兩次", "建立了党员学习制度，每月学习两次\u3000建立了党员学习制度"),
        ("建立了党员学习制度，每月学习两次", "建立了党员学习制度，每月学习两次\u3000建立了党员学习制度"),
        ("开展志愿服务", "开展志愿服务"),
        ("  開展志願服務。 ", "开展志愿服务。\u3000开展志愿服务"),
        ("，开头就是标点", "，开头就是标点"),
    ],
)
def test_model_input_is_unsegmented_text_with_its_leading_clause_repeated(text, expected):
    assert model_input(text) == expected


@pytest.mark.parametrize("ngrams", [(1, 2), (1, 3), (2, 3)])
def test_numpy_tfidf_equals_scikit_learn(ngrams):
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts, _ = read_labelled(TRAIN)
    docs = [model_input(t) for t in texts[:400]]
    vec = TfidfVectorizer(analyzer="char", ngram_range=ngrams, min_df=2, sublinear_tf=True, lowercase=False).fit(docs)
    probe = [*docs[:50], "", "x", "  空白\n\n两处\u3000\u3000", "生僻字𠀀𠀁", "完全没见过的句子"]
    assert CharTfidf.supports(vec)
    fast, slow = CharTfidf(vec).transform(probe), vec.transform(probe)
    assert fast.shape == slow.shape and abs(fast - slow).max() < 1e-12
    weights = np.random.default_rng(0).normal(size=(fast.shape[1], 3))  # products without the matrix: the same numbers
    assert np.array_equal(CharTfidf(vec).dot(probe, weights), fast @ weights)
    assert np.array_equal(CharTfidf(vec).dot(probe, weights[:, 0]), fast @ weights[:, 0])


def test_a_tfidf_state_keeps_the_filled_slots_only_and_rebuilds_the_same_table():
    """The state stores the filled slots (a quarter of the hash table at most), so a model's plain
    companion is read in a fraction of the time; the rebuilt table is the same, and a state with the
    whole table (older companions) is still read. A slot index out of order is refused."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts, _ = read_labelled(TRAIN)
    docs = [model_input(t) for t in texts[:300]]
    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True, lowercase=False).fit(docs)
    built = CharTfidf(vec)
    state = built.state()
    assert len(state["slot_index"]) == len(vec.vocabulary_) <= len(built.slot_keys) // 4
    whole = {**{k: v for k, v in state.items() if k != "slot_index"}, "slot_keys": built.slot_keys, "slot_cols": built.slot_cols}
    for read in (CharTfidf.from_state(state), CharTfidf.from_state(whole)):
        assert np.array_equal(read.slot_keys, built.slot_keys) and np.array_equal(read.slot_cols, built.slot_cols)
        assert abs(read.transform(docs[:40]) - vec.transform(docs[:40])).max() < 1e-12
    shuffled = {**state, "slot_index": state["slot_index"][::-1].copy()}
    with pytest.raises(ModelError):
        CharTfidf.from_state(shuffled)
    beyond = {**state, "slot_index": state["slot_index"] + np.uint32(len(built.slot_keys))}
    with pytest.raises(ModelError):
        CharTfidf.from_state(beyond)


@pytest.mark.parametrize("report", [REPORT_SIMPLIFIED, REPORT_TRADITIONAL], ids=["simplified", "traditional"])
def test_numpy_tfidf_shortcuts_give_the_same_numbers(monkeypatch, report):
    """The term-frequency table and the 32-bit cells are shortcuts: a log per cell and 64-bit cells
    give the same rows, bit for bit, on the shipped model and a report's sentences and clauses."""
    from textkit.themes import load_scorer

    vec = load_scorer().vectoriser
    sentences = [s for s in re.split(r"[。\n]", report) if s.strip()]
    texts = [model_input(s) for s in sentences] + [c for s in sentences for c in re.split(r"[，；]", s)]
    weights = np.random.default_rng(0).normal(size=(vec.n_features, 9))
    fast = vec._tfidf(texts), vec.dot(texts, weights)
    monkeypatch.setattr(CharTfidf, "TF_TABLE_SIZE", 0)
    monkeypatch.setattr(CharTfidf, "CELLS_32_BIT", 0)
    slow = vec._tfidf(texts), vec.dot(texts, weights)
    assert all(np.array_equal(a, b) for a, b in zip(fast[0], slow[0]))
    assert fast[1].tobytes() == slow[1].tobytes()
    assert not vec.dot(["", "\x01"], weights).any()  # no known n-gram in any text: rows of zeros


def test_theme_stage_does_not_segment(monkeypatch):
    import jieba

    (art,) = textkit.extract(REPORT_SIMPLIFIED)
    expected = [m.themes for m in art.measures]

    def refuse(*a, **k):
        raise AssertionError("the theme stage segmented a text")

    monkeypatch.setattr(jieba.Tokenizer, "cut", refuse)
    monkeypatch.setattr(jieba.Tokenizer, "lcut", refuse)
    ThemeTagger().annotate(art)
    assert [m.themes for m in art.measures] == expected


def test_weight_column_repeats_rows_and_copies_share_a_fold(tmp_path):
    rows = list(csv.DictReader(TRAIN.open(encoding="utf-8")))[:300]
    path = tmp_path / "w.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["text", "themes", "weight"])
        w.writeheader()
        w.writerows({"text": r["text"], "themes": r["themes"], "weight": 3 if i % 2 else 1} for i, r in enumerate(rows))
    texts, labels = read_labelled(path)
    assert len(texts) == 150 * 3 + 150 and len(labels) == len(texts)
    res = cross_validate(texts, labels, folds=3)
    assert res["n"] == 300 and sum(map(sum, res["confusion"]["matrix"])) == 300
    bad = tmp_path / "bad.csv"
    bad.write_text("text,themes,weight\n开展学习,education,0\n", encoding="utf-8")
    with pytest.raises(ValueError, match="weight"):
        read_labelled(bad)


def test_fast_scores_equal_scikit_learn_predict_proba():
    model = load_model()
    texts, _ = read_labelled(TRAIN)
    texts = texts[:200]
    probs, ovr = model.scores(texts)
    X = [model_input(t) for t in texts]
    features = model.estimator_.named_steps["features"].transform(X)
    classes = list(model.main_estimator_.classes_)
    expected = model.main_estimator_.predict_proba(features)[:, [classes.index(t) for t in (*THEMES, "other")]]
    assert abs(probs - expected).max() < 1e-9
    assert abs(ovr - model.estimator_.predict_proba(X)).max() < 1e-9


# -- the estimator ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small_data(tmp_path_factory):
    path = _small_training_file(tmp_path_factory.mktemp("small"), n=150)
    texts, labels = read_labelled(path)
    return path, texts, labels


@pytest.fixture(scope="module")
def fitted(small_data):
    _, texts, labels = small_data
    return ThemeModel(C=10.0).fit(texts, labels)


def test_unfitted_model_is_refused_by_check_is_fitted_and_predict():
    model = ThemeModel()
    with pytest.raises(NotFittedError):
        check_is_fitted(model)
    with pytest.raises(NotFittedError):
        model.predict(["开展学习"])


def test_init_only_stores_parameters_and_get_params_round_trips():
    params = {"kind": "ridge", "C": 2.0, "threshold": 0.4, "second": 0.7, "context": 0.3}
    model = ThemeModel(**params)
    assert model.get_params() == params and not [k for k in vars(model) if k.endswith("_")]
    assert ThemeModel().set_params(**params).get_params() == params
    assert clone(model).get_params() == params


def test_fit_returns_self_with_fitted_attributes(small_data):
    _, texts, labels = small_data
    model = ThemeModel()
    assert model.fit(texts, labels) is model
    check_is_fitted(model)
    assert model.labels_ == LABELS and model.meta_ == {}
    assert {"estimator_", "main_estimator_"} <= set(vars(model))


def test_clone_of_a_fitted_model_is_unfitted_with_the_same_parameters(fitted):
    copy = clone(fitted)
    assert copy.get_params() == fitted.get_params()
    with pytest.raises(NotFittedError):
        check_is_fitted(copy)


def test_shipped_model_is_a_fitted_estimator_with_its_parameters():
    model = load_model()
    check_is_fitted(model)
    assert model.get_params() == {"kind": "logreg", "C": 10.0, "threshold": 0.35, "second": 0.5, "context": CONTEXT_WEIGHT}
    assert model.labels_ == LABELS
    assert model.meta_["cv"]["estimator"] == "logreg" and model.meta_["cv"]["C"] == 10.0


def test_saved_model_loads_with_the_same_parameters_and_predictions(fitted, tmp_path):
    path = tmp_path / "m.skops"
    fitted.save(path)
    loaded = ThemeModel.load(path)
    assert loaded.get_params() == fitted.get_params()
    probe = ["组织党员集中学习", "开展廉政谈话", "为老人送餐", "完成发电量18亿千瓦时"]
    assert loaded.predict(probe) == fitted.predict(probe)


def _rewrite_payload(src, dst, **changes):
    import skops.io as sio

    payload = sio.load(str(src), trusted=sio.get_untrusted_types(file=str(src)))
    payload.update(changes)
    sio.dump(payload, str(dst))


@pytest.mark.parametrize(
    "themes",
    [
        ["mechanism", "education", "supervision", "service"],
        ["education", "mechanism", "supervision"],
        ["education", "mechanism", "supervision", "service", "sports"],
        ["education", "mechanism", "supervision", "service", "other"],
    ],
)
def test_model_whose_labels_are_not_the_theme_table_is_refused(fitted, tmp_path, themes):
    fitted.save(tmp_path / "m.skops")
    _rewrite_payload(tmp_path / "m.skops", tmp_path / "bad.skops", themes=themes)
    with pytest.raises(ModelError, match="differ from the theme table"):
        ThemeModel.load(tmp_path / "bad.skops")


def test_model_predicting_a_label_outside_the_theme_table_is_refused(small_data, tmp_path):
    _, texts, labels = small_data
    renamed = [["sport" if t == "service" else t for t in ls] for ls in labels]
    model = ThemeModel()
    model.fit(texts, labels)
    model.main_estimator_.fit(
        model.estimator_.named_steps["features"].transform([model_input(t) for t in texts]), [ls[0] for ls in renamed]
    )
    model.save(tmp_path / "m.skops")
    with pytest.raises(ModelError, match="outside the theme table: sport"):
        ThemeModel.load(tmp_path / "m.skops")


@pytest.mark.parametrize(
    ("probs", "scores", "expected"),
    [
        ([0.7, 0.1, 0.1, 0.05, 0.05], [0.9, 0.2, 0.1, 0.1], ["education"]),
        ([0.7, 0.1, 0.1, 0.05, 0.05], [0.9, 0.8, 0.1, 0.1], ["education", "mechanism"]),
        ([0.7, 0.1, 0.1, 0.05, 0.05], [0.9, 0.6, 0.1, 0.1], ["education"]),  # below second × the main theme's score
        ([0.2, 0.5, 0.1, 0.1, 0.1], [0.3, 0.3, 0.34, 0.1], ["mechanism"]),  # below the threshold
        ([0.2, 0.5, 0.1, 0.1, 0.1], [0.3, 0.3, 0.35, 0.1], ["mechanism", "supervision"]),
        ([0.1, 0.1, 0.1, 0.1, 0.6], [0.9, 0.9, 0.9, 0.9], ["other"]),  # other stands alone
    ],
)
def test_decide_rows(probs, scores, expected):
    assert decide_rows(np.array([probs]), np.array([scores]), 0.35, 0.8) == [expected]


def test_cross_validation_fits_clones_and_keeps_groups_together(small_data):
    _, texts, labels = small_data
    model = ThemeModel(C=10.0)
    by_text = cross_validate(texts, labels, model=model, folds=3)
    assert not [k for k in vars(model) if k.endswith("_")]  # the model itself stays unfitted
    assert by_text["estimator"] == "logreg" and by_text["C"] == 10.0 and by_text["n"] == len(set(texts))
    assert cross_validate(texts, labels, model=model, folds=3, groups=list(range(len(texts)))) == by_text  # no copies here


def test_select_model_reproduces_the_cli(small_data, tmp_path):
    data, texts, labels = small_data
    out = tmp_path / "cli.skops"
    res = runner.invoke(app, ["train", str(data), "-o", str(out), "--folds", "3"])
    assert res.exit_code == 0, res.output
    assert res.output.count("macro-F1") == len(CANDIDATES) and "best: " in res.output
    model, selection = select_model(texts, labels, folds=3, data=str(data))
    assert json.loads(out.with_suffix(".metrics.json").read_text(encoding="utf-8")) == selection.metrics == model.meta_
    assert selection.summary() in res.output
    cli_model = ThemeModel.load(out)
    assert cli_model.get_params() == model.get_params() and cli_model.meta_ == model.meta_
    assert np.array_equal(cli_model.main_estimator_.coef_, model.main_estimator_.coef_)
    probe = [*texts[:40], "开展党员志愿服务"]
    assert cli_model.predict(probe) == model.predict(probe)


def test_train_never_overwrites_the_shipped_model(small_data):
    data, _, _ = small_data
    shipped = shipped_model_path()
    before = shipped.stat().st_mtime_ns
    with pytest.raises(ValueError, match="shipped"):
        textkit.train(str(data), str(shipped))
    res = runner.invoke(app, ["train", str(data), "-o", str(shipped), "--no-compare"])
    assert res.exit_code == 2 and "shipped" in res.output
    assert shipped.stat().st_mtime_ns == before


@pytest.mark.parametrize(
    ("text", "sentence", "expected"),
    [
        ("支部开展廉政警示教育", "为加强党风廉政建设，支部开展廉政警示教育。", "为加强党风廉政建设，支部开展廉政警示教育"),
        ("社区党委建立了积分台账", "按照街道党工委的部署，社区党委建立了积分台账。", "按照街道党工委的部署，社区党委建立了积分台账"),
        ("支部组织党员学习党章", "今年以来，支部组织党员学习党章。", "今年以来，支部组织党员学习党章"),
        ("组织党员学习党章", "支部深入基层，组织党员学习党章。", "组织党员学习党章"),
    ],
    ids=["purpose", "background", "time", "no-lead-in"],
)
def test_the_theme_model_reads_a_measure_after_its_lead_in(text, sentence, expected):
    """The extractor leaves 为加强…/按照… out of the action; the theme model still reads it."""
    from textkit.themes import theme_text

    assert theme_text(text, sentence) == expected


def test_tfidf_lookup_finds_every_key_of_a_crowded_table_and_nothing_else():
    # 200 terms in 256 slots: long probe runs, so the look-up must reach past the first probe.
    codes = np.random.default_rng(1).choice(20000, size=400, replace=False) + 0x4E00  # keys in no regular pattern
    terms = [chr(a) + chr(b) for a, b in zip(codes[:200], codes[200:])]
    vec = object.__new__(CharTfidf)
    vec.bits = 8
    keys = CharTfidf._pack_all(terms)
    vec.slot_keys, vec.slot_cols = vec._table(keys, np.arange(200, dtype=np.int64), 256)
    vec._set_reach()
    assert vec.reach >= 3
    assert np.array_equal(vec._lookup(keys), np.arange(200))
    absent = CharTfidf._pack_all([chr(0x3400 + i) + "党" for i in range(300)])  # below every term's first character
    assert (vec._lookup(absent) == -1).all()
