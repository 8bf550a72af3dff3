"""Reading lists written the way papers cite each other, and tables that only a browser
lays out: each case a few lines of a real list (its repository named in the comment
above it) and what `markdown.read_list` must make of it.
"""

import textwrap
import time

import pytest

from mibib.importers.markdown import read_list
from mibib.importers.venues import entry_type_for


def read(text: str):
    return read_list(textwrap.dedent(text))


def summary(item) -> dict:
    return {
        "title": item.title,
        "url": item.url,
        "arxiv": item.arxiv,
        "authors": item.authors,
        "venue": item.venue,
        "year": item.year,
    }


CITATIONS = [
    # chenxingqiang/alphafold2-docs AF2REFPAPERS.md: a paper's bibliography as a task list.
    pytest.param(
        "- [x] 2. Bai, X.-C., McMullan, G. & Scheres, S. H. W. How cryo-EM is "
        "revolutionizing structural biology. Trends Biochem. Sci. 40, 49–57 (2015).\n",
        {"title": "How cryo-EM is revolutionizing structural biology", "url": "",
         "arxiv": None, "authors": ["X.-C. Bai", "G. McMullan", "S. H. W. Scheres"],
         "venue": "Trends Biochem. Sci", "year": 2015},
        id="nature-style-surname-initials-journal-volume-pages-year",
    ),
    pytest.param(
        "- [x] 18. Šali, A. & Blundell, T. L. Comparative protein modelling by satisfaction of "
        "spatial restraints. J. Mol. Biol. 234, 779–815 (1993).\n",
        {"title": "Comparative protein modelling by satisfaction of spatial restraints",
         "url": "", "arxiv": None, "authors": ["A. Šali", "T. L. Blundell"],
         "venue": "J. Mol. Biol", "year": 1993},
        id="accented-surname",
    ),
    pytest.param(
        "- [x] 51. Vaswani, A. et al. Attention Is All You Need. in Advances in Neural "
        "Information Processing Systems 5998–6008 (2017).\n",
        {"title": "Attention Is All You Need", "url": "", "arxiv": None,
         "authors": ["A. Vaswani", "others"],
         "venue": "Advances in Neural Information Processing Systems", "year": 2017},
        id="et-al-then-proceedings",
    ),
    pytest.param(
        "- [x] 21. Shindyalov, I. N., Kolchanov, N. A. & Sander, C. Can three-dimensional "
        "contacts in protein structures be predicted by analysis of correlated mutations? "
        "Protein Eng. 7, 349–358 (1994).\n",
        {"title": "Can three-dimensional contacts in protein structures be predicted by "
                  "analysis of correlated mutations?",
         "url": "", "arxiv": None,
         "authors": ["I. N. Shindyalov", "N. A. Kolchanov", "C. Sander"],
         "venue": "Protein Eng", "year": 1994},
        id="title-ending-in-a-question-mark",
    ),
    pytest.param(
        "- [x] 56. Pereira, J. et al. High-accuracy protein structure prediction in CASP14. "
        "Proteins (2021) https://doi.org/10.1002/prot.26171.\n",
        {"title": "High-accuracy protein structure prediction in CASP14",
         "url": "https://doi.org/10.1002/prot.26171", "arxiv": None,
         "authors": ["J. Pereira", "others"], "venue": "Proteins", "year": 2021},
        id="doi-written-out-after-the-year",
    ),
    # FedNoisy README, References: APA with an `<a id>` anchor as the number.
    pytest.param(
        '<a id="4">[4]</a> Xiao, T., Xia, T., Yang, Y., Huang, C., & Wang, X. (2015). Learning '
        "from massive noisy labeled data for image classification. In Proceedings of the IEEE "
        "conference on computer vision and pattern recognition (pp. 2691-2699).\n",
        {"title": "Learning from massive noisy labeled data for image classification",
         "url": "", "arxiv": None,
         "authors": ["T. Xiao", "T. Xia", "Y. Yang", "C. Huang", "X. Wang"],
         "venue": "Proceedings of the IEEE conference on computer vision and pattern "
                  "recognition",
         "year": 2015},
        id="apa-year-after-the-names-anchor-number",
    ),
    pytest.param(
        '<a id="5">[5]</a> Li, W., Wang, L., Li, W., Agustsson, E., & Van Gool, L. (2017). '
        "Webvision database: Visual learning and understanding from web data. arXiv preprint "
        "arXiv:1708.02862.\n",
        {"title": "Webvision database: Visual learning and understanding from web data",
         "url": "https://arxiv.org/abs/1708.02862", "arxiv": "1708.02862",
         "authors": ["W. Li", "L. Wang", "W. Li", "E. Agustsson", "L. Van Gool"],
         "venue": "", "year": 2017},
        id="apa-arxiv-preprint-id-written-out",
    ),
    pytest.param(
        '<a id="2">[2]</a> Krizhevsky, A., & Hinton, G. (2009). Learning multiple layers of '
        "features from tiny images.\n",
        {"title": "Learning multiple layers of features from tiny images", "url": "",
         "arxiv": None, "authors": ["A. Krizhevsky", "G. Hinton"], "venue": "",
         "year": 2009},
        id="apa-no-venue",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CITATIONS)
def test_a_citation_is_read_as_its_paper(text, expected):
    items = read(text).items
    assert [summary(item) for item in items] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "- Smith, J. said this in a talk, without a year.\n",
        "We thank Smith, J. and Jones, K. for their help. See the 2023 report.\n",
        "- Attention is all you need. Some text here, 2017.\n",
    ],
)
def test_prose_that_names_people_is_not_a_citation(text):
    assert read(text).items == []


# Wangyiquan95/DL_paper: a tag line, a bold title, a line that is only the citation link.
def test_a_citation_link_under_a_bold_title_is_the_papers_link_and_names_its_authors():
    items = read(
        "### Predicting structure\n"
        "[Transformer]\n"
        "**Highly accurate protein structure prediction with AlphaFold**   \n"
        "[Jumper, John, et al. Nature 596.7873 (2021): 583-589.](https://doi.org/10.1038/s41586-021-03819-2)\n"
    ).items
    assert [summary(item) for item in items] == [
        {"title": "Highly accurate protein structure prediction with AlphaFold",
         "url": "https://doi.org/10.1038/s41586-021-03819-2", "arxiv": None,
         "authors": ["John Jumper", "others"], "venue": "Nature", "year": 2021}
    ]  # fmt: skip


# dbobrenko/awesome-rl: a bold title (emoji and nickname around it) over an unindented
# list of bracketed links, authors and tags; `## Year 2017` sections.
def test_a_bold_title_over_a_list_of_links_and_authors_is_one_entry():
    items = read(
        """
        ## Year 2017
        :rocket: **Rainbow: Combining Improvements in Deep Reinforcement Learning** (DQN improvements combined)
          - [[arXiv](https://arxiv.org/abs/1710.02298)], [[pdf](https://arxiv.org/pdf/1710.02298.pdf)]
          - Hessel et al.; Google Deepmind
          - ![atari] Atari

        :rocket: **Learning to act by predicting the future** (VizDoom 2016 Full DM Winner)
          - [[arXiv](https://arxiv.org/abs/1611.01779)], [[pdf](https://arxiv.org/pdf/1611.01779.pdf)], [[official blog post](https://example.org/blog/dfp/)]
          - Dosovitskiy, Koltun; Intel Labs

        :rocket: **Human-level control through deep reinforcement learning** (DQN)
          - [[Nature](http://www.nature.com/nature/journal/v518/n7540/full/nature14236.html)], [[reddit](https://www.reddit.com/r/MachineLearning/comments/2x4yy1/x/)]
          - Mnih et al.; Google Deepmind
        """
    ).items
    assert [(item.title, item.url, item.arxiv, item.authors, item.year) for item in items] == [
        ("Rainbow: Combining Improvements in Deep Reinforcement Learning",
         "https://arxiv.org/abs/1710.02298", "1710.02298", ["Hessel", "others"], 2017),
        ("Learning to act by predicting the future", "https://arxiv.org/abs/1611.01779",
         "1611.01779", [], 2016),
        ("Human-level control through deep reinforcement learning",
         "http://www.nature.com/nature/journal/v518/n7540/full/nature14236.html", None,
         ["Mnih", "others"], 2017),
    ]  # fmt: skip


# EgoAlpha/prompt-in-context-learning PaperList: title paragraph, then a paragraph of
# names in `<font>`, then citation badges.
def test_a_paragraph_of_names_after_an_entry_gives_its_authors():
    items = read(
        """
        [**Large language models in medicine: the potentials and pitfalls**](https://arxiv.org/abs/2309.00087) （**2023.08.31**）

        <font color="gray">J. Omiye, Haiwen Gui, Shawheen J. Rezaei, James Zou, Roxana Daneshjou </font>

        ![](https://img.shields.io/badge/Citations-0-green)

        ---
        """
    ).items
    assert [(item.title, item.arxiv, item.authors) for item in items] == [
        ("Large language models in medicine: the potentials and pitfalls", "2309.00087",
         ["J. Omiye", "Haiwen Gui", "Shawheen J. Rezaei", "James Zou", "Roxana Daneshjou"])
    ]  # fmt: skip


# zungwooker/awesome-NLP-papers: a quoted bold title, no link, and `Name. Venue. Year.`
def test_a_venue_and_its_year_written_as_two_sentences():
    items = read(
        """
        * **"Efficient estimation of word representations in vector space."**
          * Mikolov et al. ICLR. 2013.
        * **"Learning phrase representations using RNN encoder-decoder for statistical machine translation."**
          * Cho. EMNLP. 2014.
        """
    ).items
    assert [(item.title, item.venue, item.year) for item in items] == [
        ("Efficient estimation of word representations in vector space", "ICLR", 2013),
        ("Learning phrase representations using RNN encoder-decoder for statistical machine "
         "translation", "EMNLP", 2014),
    ]  # fmt: skip
    assert items[0].authors == ["Mikolov", "others"]


# mlnagoya/surveys list.md: a Japanese table whose link column holds bare addresses, and
# a row with one `|` too many (its title one cell right of the title column).
def test_a_table_of_bare_addresses_and_a_row_with_a_stray_bar():
    items = read(
        """
        |回|ジャンル|github account（敬称略）|link|title||
        |:---|:---|:---|:---|:---|:---|
        |1|NN一般|takagi|https://arxiv.org/abs/1710.09829|Dynamic Routing Between Capsules|capsule net|
        ||運転 車線|@yuji38kwmt|https://arxiv.org/abs/1806.05984||Ego-Lane Analysis System (ELAS): Dataset and Algorithms||
        ||ライブラリ|@kencyke|http://www.kdd.org/kdd2017/papers/view/tfx-a-tensorflow-based-production-scale-machine-learning-platform|TFX: A TensorFlow-Based Production-Scale Machine Learning Platform|TFX|
        """
    ).items
    assert [(item.title, item.url, item.arxiv) for item in items] == [
        ("Dynamic Routing Between Capsules", "https://arxiv.org/abs/1710.09829", "1710.09829"),
        ("Ego-Lane Analysis System (ELAS): Dataset and Algorithms",
         "https://arxiv.org/abs/1806.05984", "1806.05984"),
        ("TFX: A TensorFlow-Based Production-Scale Machine Learning Platform",
         "http://www.kdd.org/kdd2017/papers/view/tfx-a-tensorflow-based-production-scale-"
         "machine-learning-platform", None),
    ]  # fmt: skip


# FedNoisy README: an HTML table whose header spans two rows and columns, and a method
# cell spanning the rows of its papers.
def test_html_rowspan_and_colspan_keep_each_cell_under_its_column():
    items = read(
        """
        <table>
        <tbody>
        <tr>
        <td  rowspan="2"><strong>Federated Algorithm</strong></td>
        <td  colspan="2"><strong>Noisy Label Algorithm</strong></td>
        <td  rowspan="2"><strong>Paper</strong></td>
        </tr>
        <tr>
        <td><em>Category</em></td>
        <td><em>Method</em></td>
        </tr>
        <tr>
        <td  rowspan="2">FedAvg</td>
        <td>Robust Regularizaiton</td>
        <td>Mixup</td>
        <td><a href="https://arxiv.org/abs/1710.09412" target="_blank">[2018 ICLR] Mixup: Beyond empirical risk minimization</a></td>
        </tr>
        <tr>
        <td  rowspan="1">RobustLoss Function</td>
        <td>MAE</td>
        <td><a href="https://arxiv.org/abs/1712.09482" target="_blank">[2017 AAAI] Robust Loss Functions under Label Noise for Deep Neural Networks</a></td>
        </tr>
        </tbody>
        </table>
        """
    ).items
    assert [(item.title, item.arxiv, item.venue, item.year) for item in items] == [
        ("Mixup: Beyond empirical risk minimization", "1710.09412", "ICLR", 2018),
        ("Robust Loss Functions under Label Noise for Deep Neural Networks", "1712.09482",
         "AAAI", 2017),
    ]  # fmt: skip


# mihail911/nlp-library: links written without their scheme, and the ACM DL's old
# `citation.cfm?id=` pages.
def test_a_link_without_its_scheme_is_a_web_address():
    items = read(
        """
        * (2014) [A Fast and Accurate Dependency Parser using Neural Networks](cs.stanford.edu/~danqi/papers/emnlp2014.pdf)
        * (2008) [An Extended Model of Natural Logic](dl.acm.org/citation.cfm?id=1693772)
        * (2002) [BLEU: A Method for Automatic Evaluation of Machine Translation](www.aclweb.org/anthology/P02-1040.pdf)
        * [Notes on parsing](notes/parsing.md)
        """
    ).items
    assert [(item.url, item.year) for item in items] == [
        ("https://cs.stanford.edu/~danqi/papers/emnlp2014.pdf", 2014),
        ("https://dl.acm.org/citation.cfm?id=1693772", 2008),
        ("https://www.aclweb.org/anthology/P02-1040.pdf", 2002),
    ]


@pytest.mark.parametrize(
    ("venue", "expected"),
    [
        ("Trends Biochem. Sci", ("article", "journal")),
        ("Proc. Natl. Acad. Sci. U. S. A", ("article", "journal")),
        ("PLoS Comput. Biol", ("article", "journal")),
        ("Proc. ICML", ("inproceedings", "booktitle")),
        ("Advances in Neural Information Processing Systems", ("inproceedings", "booktitle")),
    ],
)
def test_a_journal_abbreviated_as_references_write_it_is_a_journal(venue, expected):
    assert entry_type_for(venue, 2015) == expected


# An IQA survey's README (code index id 17002529301): an HTML table whose rows are
# grouped by a cell across the whole row.
def test_a_table_row_of_one_cell_across_the_row_opens_a_sub_section():
    items = read(
        """
        # A Survey on IQA

        ## Methods

        <table>
            <tr>
                <td>Metrics</td>
                <td>Earliest publication time</td>
                <td>Paper name</td>
            </tr>
            <tr>
                <td colspan="3" align="center"><a id="1"></a> 📖HVS-Based Method</td>
            </tr>
            <tr>
                <td>Gradient Magnitude Similarity Deviation (GMSD)</td>
                <td>2013.12</td>
                <td><a href="https://arxiv.org/abs/1308.3052">Gradient magnitude similarity deviation: A highly efficient perceptual image quality index</a></td>
            </tr>
            <tr>
                <td colspan="3" align="center"><a id="5"></a> 📖CNN-Based Method</td>
            </p></tr>
            <tr>
                <td></td>
                <td>2018.01</td>
                <td><a href="https://arxiv.org/abs/1801.03924">The Unreasonable Effectiveness of Deep Features as a Perceptual Metric</a></td>
            </tr>
        </table>
        """
    ).items
    assert [(item.section, item.arxiv) for item in items] == [
        (("Methods", "HVS-Based Method"), "1308.3052"),
        (("Methods", "CNN-Based Method"), "1801.03924"),
    ]


def test_a_bold_first_cell_alone_groups_the_rows_below_it_or_dates_them():
    items = read(
        """
        | Paper | Venue |
        | --- | --- |
        | **2023** | |
        | [Sparse Feature Circuits](https://arxiv.org/abs/2403.19647) | ICLR 2025 |
        | **Vision** | |
        | [Toy Models of Superposition](https://arxiv.org/abs/2209.10652) | |
        """
    ).items
    # The next group row ends the year's group: the arXiv id dates that paper.
    assert [(item.section, item.year) for item in items] == [((), 2025), (("Vision",), None)]


# A Spanish reading list of RL papers (a code-search excerpt, repository not named): a
# quoted bold title over `- Autor: Name (Year)`, a `[Link al paper](…)` label and notes.
def test_labels_and_author_keys_in_another_language():
    items = read(
        """
        # Papers Fundamentales en Reinforcement Learning

        ## Papers Clásicos

        ### 1. Temporal Difference Learning
        **"Learning to Predict by the Methods of Temporal Differences"**
        - Autor: Richard S. Sutton (1988)
        - [Link al paper](https://link.springer.com/article/10.1007/BF00115009)
        - **Importancia**: Introduce TD Learning, base de muchos algoritmos modernos

        ### 2. Q-Learning
        **"Learning from Delayed Rewards"**
        - Autor: Christopher J.C.H. Watkins (1989) - PhD Thesis
        - [Link](https://www.cs.rhul.ac.uk/~chrisw/new_thesis.pdf)
        """
    ).items
    assert [(item.title, item.url, item.authors, item.year) for item in items] == [
        ("Learning to Predict by the Methods of Temporal Differences",
         "https://link.springer.com/article/10.1007/BF00115009", ["Richard S. Sutton"], 1988),
        ("Learning from Delayed Rewards", "https://www.cs.rhul.ac.uk/~chrisw/new_thesis.pdf",
         ["Christopher J.C.H. Watkins"], 1989),
    ]  # fmt: skip


# A research guide's paper list (a code-search excerpt, repository not named): numbered
# bold titles over `- Authors: Surname, I., …` as references write names.
def test_authors_written_surname_then_initials():
    items = read(
        """
        ## TIER 1: MUST READ (10 Papers)

        1. **Attention Is All You Need**
           - Authors: Vaswani, A., Shazeer, N., Parmar, N., Uszkoreit, J., Jones, L., Gomez, A. N., et al.
           - Year: 2017
           - Conference: NeurIPS
           - arXiv: https://arxiv.org/abs/1706.03762
           - Citation: `Vaswani et al. (2017)`

        2. **Categorical Reparameterization with Gumbel-Softmax**
           - Authors: Jang, E., Gu, S., & Poole, B.
           - Year: 2016
           - Preprint: arXiv:1611.01144
           - arXiv: https://arxiv.org/abs/1611.01144
        """
    ).items
    assert [(item.title, item.authors, item.venue, item.year, item.arxiv) for item in items] == [
        ("Attention Is All You Need",
         ["A. Vaswani", "N. Shazeer", "N. Parmar", "J. Uszkoreit", "L. Jones", "A. N. Gomez",
          "others"], "NeurIPS", 2017, "1706.03762"),
        ("Categorical Reparameterization with Gumbel-Softmax", ["E. Jang", "S. Gu", "B. Poole"],
         "", 2016, "1611.01144"),
    ]  # fmt: skip


# ufcg-lsd/computer-systems-reading: `Title, Venue Year` with no link, the same inside a
# link's text, and links to conference programs that are not papers.
def test_a_venue_after_a_comma_ends_the_title_and_a_program_link_is_no_paper():
    items = read(
        """
        ## Current edition (2020.2)

        3. Carver: [Finding Important Parameters for Storage System Tuning, USENIX FAST 2020](https://www.usenix.org/conference/fast20/presentation/cao-zhen)
           * when: [27/oct]
           * who: João Mafra

        ### Backlog (be free to avoid it)

        * Twizzler: a Data-Centric OS for Non-Volatile Memory, USENIX ATC 2020
        * Characterizing, Modeling, and Benchmarking RocksDB Key-Value Workloads at Facebook, USENIX FAST 2020
        * [OSDI 2020](https://www.usenix.org/conference/osdi20/technical-sessions)
        * [Eurosys 2020](https://www.eurosys2020.org/program-2/accepted-papers/)
        """
    ).items
    assert [(item.title, item.venue, item.year) for item in items] == [
        ("Finding Important Parameters for Storage System Tuning", "USENIX FAST", 2020),
        ("Twizzler: a Data-Centric OS for Non-Volatile Memory", "USENIX ATC", 2020),
        ("Characterizing, Modeling, and Benchmarking RocksDB Key-Value Workloads at Facebook",
         "USENIX FAST", 2020),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "line",
    [
        "- " + "Smith, J., " * 2000 + "Title of a thing. Journal 1 (2020).",
        "- " + "van der Berg, A. " * 2000,
        "- " + "A. " * 5000,
    ],
)
def test_a_long_line_of_names_that_is_no_citation_is_read_fast(line):
    """Each text is read one way only: no backtracking through every way to split it."""
    started = time.perf_counter()
    read(line)
    assert time.perf_counter() - started < 5


# Sposito/Pensieve zettel/ml.md (Portuguese): a task list of quoted titles "by" their
# authors, the year in parentheses, then a sentence about the paper.
def test_a_quoted_title_by_its_authors_with_the_year_in_parentheses():
    items = read(
        """
        Ler os seguintes artigos
        1. [ ]  "Gradient-based learning applied to document recognition" by Yann LeCun, Léon Bottou, Yoshua Bengio, and Patrick Haffner (1998). This article describes a network.

        5.  [x] "Attention Is All You Need" by Ashish Vaswani, Noam Shazeer, and Illia Polosukhin (2017). This article introduces the transformer.
        """
    ).items
    assert [(i.title, i.authors, i.venue, i.year, i.strength) for i in items] == [
        ("Gradient-based learning applied to document recognition",
         ["Yann LeCun", "Léon Bottou", "Yoshua Bengio", "Patrick Haffner"], "", 1998, "medium"),
        ("Attention Is All You Need", ["Ashish Vaswani", "Noam Shazeer", "Illia Polosukhin"],
         "", 2017, "medium"),
    ]  # fmt: skip


# chenxingqiang/alphafold2-docs AF2REFPAPERS.md: a consortium signs a paper.
def test_a_group_author_opens_a_citation():
    items = read(
        "- [x] 5. wwPDB Consortium. Protein Data Bank: the single global archive for 3D "
        "macromolecular structure data. Nucleic Acids Res. 47, D520–D528 (2018).\n"
    ).items
    assert [(i.title, i.authors, i.year) for i in items] == [
        ("Protein Data Bank: the single global archive for 3D macromolecular structure data",
         ["wwPDB Consortium"], 2018),
    ]  # fmt: skip


# Wangyiquan95/DL_paper: `[Surname, Given, et al. Journal (Year): pages.](doi)` under a bold
# title, the journal named right after the authors (once with no space after "al.").
@pytest.mark.parametrize(
    ("reference", "venue", "year"),
    [
        ("Gao, Wenhao, et al. Patterns (2020): 100142.", "Patterns", 2020),
        ("Baek, Minkyung, et al.Science 373.6557 (2021): 871-876.", "Science", 2021),
        ("Horst, Alexander et al. Frontiers in Artificial Intelligence 4:715462 (2021)",
         "Frontiers in Artificial Intelligence", 2021),
    ],
)  # fmt: skip
def test_a_journal_after_the_authors_of_a_reference_line(reference, venue, year):
    items = read(f"**A Protein Paper**   \n[{reference}](https://doi.org/10.1/x)\n").items
    assert [(i.venue, i.year, i.authors[-1]) for i in items] == [(venue, year, "others")]


# EgoAlpha/prompt-in-context-learning PaperList: the date in full-width parentheses after
# the title, the venue in 【】 after the names.
def test_a_date_in_full_width_parentheses_and_a_venue_in_lenticular_brackets():
    items = read(
        """
        [**Scientific discovery in the age of artificial intelligence**](https://doi.org/10.1038/s41586-023-06221-2) （**2023.08.01**）

        <font color="gray">Hanchen Wang, Tianfan Fu, Yuanqi Du, etc .  - 【Nature】</font>

        ---

        [**A Survey of Chain of Thought Reasoning**](https://doi.org/10.48550/arXiv.2309.15402) （**2023.09.27**）

        <font color="gray">Zheng Chu, Jingchang Chen, etc .  - 【arXiv.org】</font>
        """
    ).items
    assert [(i.venue, i.year, i.month, i.authors[0]) for i in items] == [
        ("Nature", 2023, 8, "Hanchen Wang"),
        ("", 2023, 9, "Zheng Chu"),
    ]


# A Korean research note on RAG conflicts (a code-search excerpt, repository not named):
# each paper a heading over `- 논문: [Title](…)` (paper) and `- 등재: Venue Year` (published
# in) items side by side, not nested.
def test_key_value_items_beside_a_paper_item_describe_it_in_any_language():
    items = read(
        """
        ## 2.2 MAGIC

        - 논문: [MAGIC: A Multi-Hop and Graph-Based Benchmark for Inter-Context Conflicts](https://aclanthology.org/2025.findings-emnlp.466/)
        - 등재: Findings of EMNLP 2025
        - 저자: Ann Lee, Bo Chen
        - 데이터: 1,080 context pairs

        ## 2.1 RAMDocs

        - Paper: [Retrieval-Augmented Generation with Conflicting Evidence](https://arxiv.org/abs/2504.13079)
        - Venue: COLM 2025
        """
    ).items
    assert [(i.title, i.venue, i.year, i.authors) for i in items] == [
        ("MAGIC: A Multi-Hop and Graph-Based Benchmark for Inter-Context Conflicts",
         "Findings of EMNLP", 2025, ["Ann Lee", "Bo Chen"]),
        ("Retrieval-Augmented Generation with Conflicting Evidence", "COLM", 2025, []),
    ]  # fmt: skip


# A fork of floodsung/Deep-Learning-Papers-Reading-Roadmap: task items, a bold title,
# authors in several spellings, star emoji after the link.
@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ("Ulyanov, Dmitry and Lebedev, Vadim, et al.", ["Dmitry Ulyanov", "Vadim Lebedev", "others"]),
        ("Mordvintsev, Alexander; Olah, Christopher; Tyka, Mike.",
         ["Alexander Mordvintsev", "Christopher Olah", "Mike Tyka"]),
        ("L.-C. Chen, G. Papandreou, and A. L. Yuille.", ["L.-C. Chen", "G. Papandreou", "A. L. Yuille"]),
        ("Dai, J., He, K., Sun, J.", ["J. Dai", "K. He", "J. Sun"]),
    ],
)  # fmt: skip
def test_authors_before_the_link_and_the_stars_of_a_task_item(names, expected):
    items = read(
        f"- [ ] **Instance-sensitive Fully Convolutional Networks**. {names} "
        "[[pdf]](https://arxiv.org/pdf/1603.08678.pdf) :star::star::star:\n"
    ).items
    assert [item.authors for item in items] == [expected]


@pytest.mark.parametrize(
    "line",
    [
        "- Title " + " " * 50000 + "x",  # a run of spaces that no separator ends
        "- Names " + " " * 30000 + "(1998)",
        "- " + "[ab] " * 20000 + "Title of it",  # topic labels before a title
        "- Surname, Given; " * 1 + "Surname, Given; " * 5000,
        "- [" + "Word, " * 5000 + "2021, NIPS](https://arxiv.org/abs/2101.00001)",
        "<dl>" + "<dt>x" * 3000 + "</dl>",
    ],
)
def test_long_runs_of_spaces_labels_or_terms_are_read_fast(line):
    started = time.perf_counter()
    read(line)
    assert time.perf_counter() - started < 5


# dbobrenko/awesome-rl: a bold title over `- [[pdf](…)]` and `- Name (Year)` items.
def test_one_author_with_the_year_in_parentheses():
    items = read(
        """
        :star: **Temporal Difference Learning and TD-Gammon**
          - [[pdf](http://cling.csd.uwo.ca/cs346a/extra/tdgammon.pdf)]
          - Gerald Tesauro (1995)
        """
    ).items
    assert [(i.title, i.authors, i.year) for i in items] == [
        ("Temporal Difference Learning and TD-Gammon", ["Gerald Tesauro"], 1995)
    ]


# A Chinese explainer's source list (a code-search excerpt): citation keys in the first
# column, a reference with a quoted title in the second, the arXiv id written out.
def test_a_table_of_citation_keys_and_references():
    items = read(
        """
        | 编号 | 引用 | 用途 |
        |---|---|---|
        | [Bahdanau2014] | Bahdanau, D., Cho, K., Bengio, Y. "Neural Machine Translation by Jointly Learning to Align and Translate." ICLR 2015. arXiv:1409.0473 | 仅在 S5 缩放动机处提及 |
        | [Michel2019] | Michel, P., Levy, N., Neubig, G. "Are Sixteen Heads Really Better than One?" NeurIPS 2019. arXiv:1905.10650 | 仅在"多头冗余"边界处提及 |
        """
    ).items
    assert [(i.title, i.authors, i.venue, i.year, i.arxiv) for i in items] == [
        ("Neural Machine Translation by Jointly Learning to Align and Translate",
         ["D. Bahdanau", "K. Cho", "Y. Bengio"], "ICLR", 2015, "1409.0473"),
        ("Are Sixteen Heads Really Better than One?", ["P. Michel", "N. Levy", "G. Neubig"],
         "NeurIPS", 2019, "1905.10650"),
    ]  # fmt: skip


# elizqian/mfgsa README: numbered references whose linked title follows the names, the
# names on a line of their own, and a `<details>` BibTeX block after each.
def test_a_reference_whose_linked_title_follows_the_names():
    reading = read(
        """
        This code implements the multifidelity approach described in:

        1. Qian, E., Peherstorfer, B., O'Malley, D., Vesselinov, V., and Willcox, K.
        [Multifidelity Monte Carlo Estimation of Variance and Sensitivity Indices](https://www.dropbox.com/s/y77c42t9po52384/QPOVW_mfgsa_juq2018.pdf?dl=0).
        SIAM/ASA Journal on Uncertainty Quantification, 6(2):683-706, 2018. <details><summary>BibTeX</summary><pre>
        @article{qian2018multifidelity,
          title={Multifidelity {M}onte {C}arlo estimation of variance and sensitivity indices},
          year={2018},
        }</pre></details>

        2. Cataldo, G., Qian, E., and Auclair, J. [Multifidelity uncertainty quantification and model validation of large-scale multidisciplinary systems](https://www.spiedigitallibrary.org/journals/Journal-of-Astronomical-Telescopes-Instruments-and-Systems/volume-8/issue-3/038001/Multifidelity-uncertainty-quantification-and-model-validation-of-large-scale-multidisciplinary/10.1117/1.JATIS.8.3.038001.full?SSO=1). Journal of Astronomical Telescopes, Instruments, and Systems, 8(3):038001, 2022.

        ## Related papers
        * Gamboa, F., Gremaud, P., Klein, T., and Lagnoux, A. [Global sensitivity analysis: A new generation of mighty estimators based on rank statistics](https://arxiv.org/abs/2003.01772), 2020.
        """
    )
    assert [(i.title, i.authors[:2], i.venue[:34], i.year) for i in reading.items] == [
        ("Multifidelity Monte Carlo Estimation of Variance and Sensitivity Indices",
         ["E. Qian", "B. Peherstorfer"], "SIAM/ASA Journal on Uncertainty Qu", 2018),
        ("Multifidelity uncertainty quantification and model validation of large-scale "
         "multidisciplinary systems", ["G. Cataldo", "E. Qian"],
         "Journal of Astronomical Telescopes", 2022),
        ("Global sensitivity analysis: A new generation of mighty estimators based on rank "
         "statistics", ["F. Gamboa", "P. Gremaud"], "", 2020),
    ]  # fmt: skip
    assert reading.items[2].arxiv == "2003.01772"


# A report's reference list (code index id 56985348875): APA references signed by an
# organisation, one linking a web page; and one that leaves authors out with `...`.
def test_apa_references_signed_by_an_organisation_and_with_left_out_authors():
    reading = read(
        """
        ## References

        [6] Borgeaud, S., Mensch, A., Hoffmann, J., Cai, T., Rutherford, E., Millican, K., ... & Sifre, L. (2022). Improving language models by retrieving from trillions of tokens. In International Conference on Machine Learning (pp. 2206-2240). PMLR.

        [7] OpenAI. (2023). GPT-4 technical report. arXiv preprint arXiv:2303.08774.

        [8] Anthropic. (2024). The Claude model family. https://docs.anthropic.com/en/docs/about-claude/models
        """
    )
    assert [(i.title, i.authors, i.year, i.arxiv) for i in reading.items] == [
        ("Improving language models by retrieving from trillions of tokens",
         ["S. Borgeaud", "A. Mensch", "J. Hoffmann", "T. Cai", "E. Rutherford", "K. Millican",
          "L. Sifre"], 2022, None),
        ("GPT-4 technical report", ["OpenAI"], 2023, "2303.08774"),
        ("The Claude model family", ["Anthropic"], 2024, None),
    ]  # fmt: skip
    assert reading.items[2].url == "https://docs.anthropic.com/en/docs/about-claude/models"


def test_an_organisation_of_several_words_is_braced_as_one_author():
    item = read("- Google DeepMind. (2024). Gemini: A Family of Highly Capable Multimodal Models. https://arxiv.org/abs/2312.11805\n").items[0]  # fmt: skip
    assert item.authors == ["{Google DeepMind}"]


# kjw0612/awesome-deep-vision README: a citation sub-item whose names mix capitals and
# lower case, before a quoted title.
def test_names_typed_in_lower_case_before_a_quoted_title_are_authors():
    item = read(
        """
        * Michael Mathieu, camille couprie, Yann Lecun, "Deep Multi Scale Video Prediction Beyond Mean Square Error", ICLR 2016. [[Paper]](http://arxiv.org/pdf/1511.05440v6.pdf)
        """
    ).items[0]
    assert (item.title, item.authors, item.venue, item.year) == (
        "Deep Multi Scale Video Prediction Beyond Mean Square Error",
        ["Michael Mathieu", "camille couprie", "Yann Lecun"],
        "ICLR",
        2016,
    )


@pytest.mark.parametrize(
    "text", ["deep learning, neural nets", "in this paper we", "john smith, mary jones"]
)
def test_lower_case_words_alone_are_not_names(text):
    from mibib.importers.names import read_authors

    assert read_authors(text) == []


# yangkky/Machine-learning-for-proteins README: bold title / one author / venue / link,
# one paragraph with hard breaks; the single author is kept.
def test_a_lone_author_line_under_a_title():
    item = read_list(
        "## Reviews\n\n"
        "**Machine learning in protein structure prediction.**  \n"
        "Mohammed AlQuraishi.  \n"
        "*Current Opinion in Chemical Biology, May 2021.*  \n"
        "[[10.1016/j.cbpa.2021.04.005](https://doi.org/10.1016/j.cbpa.2021.04.005)]\n"
    ).items[0]
    assert (item.title, item.authors, item.year) == (
        "Machine learning in protein structure prediction",
        ["Mohammed AlQuraishi"],
        2021,
    )


# A Japanese reading note (code index id 54899879782): a heading per paper, `[n]` before
# its title, and `- **著者**:` / `- **掲載**:` / `- **URL**:` details under it; then a table
# whose headers are Japanese.
def test_a_heading_per_paper_over_details_keyed_in_japanese():
    reading = read(
        """
        ## 1. MUSIC / ESPRIT（超解像スペクトル推定）

        ### 論文一覧

        #### [1] MUSIC-Based Breathing Rate Monitoring Using Wi-Fi CSI
        - **著者**: P.-J. Lai, Y.-S. Zhan, W.-L. Yeh, M.-L. Ku, C.-M. Yu
        - **掲載**: IEEE UEMCON 2022
        - **URL**: https://ieeexplore.ieee.org/document/9965699/
        - **概要**: Intel Wi-Fi Link 5300 + Linux 802.11n CSI Tool でデータ収集し、MUSIC を CSI 振幅・位相に適用。
        - **推奨度**: ★★★★★ 最初に読むべき一本。

        #### [2] Contactless Respiration Monitoring Via Off-the-Shelf WiFi Devices
        - **著者**: Xuefeng Liu, Jiannong Cao, Shaojie Tang, Jiaqi Wen, Peng Guo
        - **掲載**: IEEE Transactions on Mobile Computing, Vol. 15, 2016
        - **DOI**: 10.1109/TMC.2015.2504935
        - **URL**: https://ieeexplore.ieee.org/document/7345587/

        ## 3. 補足：両手法に関連する基礎論文

        | タイトル | 著者 | 年 | 掲載誌 | DOI / URL |
        |----------|------|----|--------|-----------|
        | FarSense: Pushing the Range Limit of WiFi-based Respiration Sensing | Zeng, Wu ら | 2019 | ACM IMWUT (UbiComp) | https://dl.acm.org/doi/10.1145/3351279 |
        """
    )
    assert [(i.title, i.authors[:1], i.venue, i.year, i.url) for i in reading.items] == [
        ("MUSIC-Based Breathing Rate Monitoring Using Wi-Fi CSI", ["P.-J. Lai"], "IEEE UEMCON",
         2022, "https://ieeexplore.ieee.org/document/9965699/"),
        ("Contactless Respiration Monitoring Via Off-the-Shelf WiFi Devices", ["Xuefeng Liu"],
         "IEEE Transactions on Mobile Computing", 2016,
         "https://ieeexplore.ieee.org/document/7345587/"),
        ("FarSense: Pushing the Range Limit of WiFi-based Respiration Sensing", ["Zeng"],
         "ACM IMWUT (UbiComp)", 2019, "https://dl.acm.org/doi/10.1145/3351279"),
    ]  # fmt: skip
    assert reading.items[0].tldr.startswith("Intel Wi-Fi Link 5300")


# A Japanese summary of a folder of PDFs (code index id 23835791513): a heading per file,
# then a paragraph of `**タイトル**: …` / `**著者**: …` / `**掲載誌**: …` lines; a file
# whose text could not be read gives no title and no entry.
def test_a_paragraph_of_keyed_lines_naming_a_title():
    reading = read_list(
        "## 論文一覧\n\n"
        "### 4. gmd-14-2097-2021.pdf\n\n"
        "**ファイル名**: gmd-14-2097-2021.pdf  \n"
        "**タイトル**: S-SOM v1.0: a structural self-organizing map algorithm for weather typing  \n"
        "**著者**: Quang-Van Doan, Hiroyuki Kusaka, Takuto Sato, Fei Chen  \n"
        "**掲載誌**: Geosci. Model Dev., 14, 2097–2111, 2021  \n"
        "**DOI**: 10.5194/gmd-14-2097-2021\n\n"
        "**キーワード**: S-SOM（構造的 SOM）、S-SIM（構造的類似度）、天候型付け\n\n"
        "---\n\n"
        "### 6. 1990-Kohonen-PIEEE.pdf\n\n"
        "**ファイル名**: 1990-Kohonen-PIEEE.pdf  \n"
        "**ステータス**: 読み取り不可（PDF 自動テキスト抽出不可）\n\n"
        "### 12. marr-hildreth-edge-prsl1980.pdf\n\n"
        "**ファイル名**: marr-hildreth-edge-prsl1980.pdf  \n"
        "**タイトル**: Theory of Edge Detection  \n"
        "**著者**: D. Marr, E. Hildreth  \n"
        "**掲載誌**: Proc. R. Soc. Lond. B 207, 187–217 (1980)\n"
    )
    assert [(i.title, i.authors, i.venue, i.year) for i in reading.items] == [
        ("S-SOM v1.0: a structural self-organizing map algorithm for weather typing",
         ["Quang-Van Doan", "Hiroyuki Kusaka", "Takuto Sato", "Fei Chen"], "Geosci. Model Dev",
         2021),
        ("Theory of Edge Detection", ["D. Marr", "E. Hildreth"], "Proc. R. Soc. Lond. B", 1980),
    ]  # fmt: skip


# lihuirui/awesome-llm-time-series-foundation-models-survey README: a seven-column table,
# the title bold, `Venue / Year` one column, the paper and code links in the last.
def test_a_wide_table_whose_venue_and_year_share_a_column():
    reading = read(
        """
        | Model | Group | Venue / Year | Parameters | Pretraining Corpus | Tokenization & Backbone | Paper & Code |
        | :--- | :--- | :---: | :---: | :---: | :---: | :---: |
        | **Lag-Llama** | Mila / Morgan Stanley | ICML 2024 Workshop | 2.4M | Monash Time Series Repository (27 datasets, 7.9K series) | Lag Feature Vectors (calendar & historical lags); Decoder-only (Llama-style with RoPE) | [📄 Paper](https://arxiv.org/abs/2310.08278)<br/>[💻 Code](https://github.com/time-series-foundation-models/lag-llama) |
        | **In-context Time Series Predictor** | Georgia Tech | ICLR 2025 | 42M | Synthetic Meta-Stochastic Processes + Empirical Benchmarks | Interleaved Prompt-Query Subseries Patches; In-Context Meta-Learning Transformer (ICTSP) | [📄 Paper](https://arxiv.org/abs/2405.14982)<br/>🔒 Proprietary |
        """
    )
    assert [(i.title, i.arxiv, i.venue, i.year, i.code) for i in reading.items] == [
        ("Lag-Llama", "2310.08278", "ICML Workshop", 2024,
         "https://github.com/time-series-foundation-models/lag-llama"),
        ("In-context Time Series Predictor", "2405.14982", "ICLR", 2025, ""),
    ]  # fmt: skip


# A Japanese survey note (code index id 71595283794): the title cell is the italic title,
# then `<br>` and `（First author ら, Venue Year）` in full-width parentheses.
def test_a_title_cell_with_its_first_author_and_venue_in_full_width_parentheses():
    reading = read(
        """
        | 論文名（筆頭著者・会場年） | 葉 | 判定根拠（英語引用）・要約 |
        |:---------------------------|:--:|:------------------------------|
        | *Analyzing and Boosting the Power of Fine-Grained Visual Recognition for MLLMs*<br>（Hulingxiao He ら, ICLR 2025） | B-1-a 全体のみ | “we present Finedefics”。 |
        | *Visual-RFT: Visual Reinforcement Fine-Tuning*<br>（Ziyu Liu ら, arXiv 2025） | B-1-a 全体のみ | “Visual-RFT...extends RFT to visual tasks” |
        """
    )
    assert [(i.title, i.authors, i.venue, i.year) for i in reading.items] == [
        ("Analyzing and Boosting the Power of Fine-Grained Visual Recognition for MLLMs",
         ["Hulingxiao He", "others"], "ICLR", 2025),
        ("Visual-RFT: Visual Reinforcement Fine-Tuning", ["Ziyu Liu", "others"], "", 2025),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Andreas Rossberg", ["Andreas Rossberg"]),
        ("Mohammed AlQuraishi.", ["Mohammed AlQuraishi"]),
        ("Oral Presentation", []),
        ("Best Paper Award", []),
        ("Google DeepMind", []),
        ("Andreas", []),
    ],
)
def test_a_lone_name_is_one_persons_full_name(line, names):
    from mibib.importers.names import lone_name

    assert lone_name(line) == names


def test_a_reference_led_by_bold_names_and_year_reads_its_quoted_linked_title():
    """A reading list's `**Surname, Given. (Year)**: "[Title](…)." *Journal, 71(4):1–2.*`:
    the bold lead gives the authors (Chicago's first author inverted with given names in
    full) and the year, the italic tail the journal, cut before its volume."""
    reading = read_list(
        textwrap.dedent(
            """
            1. **Card, D. and Krueger, A. (1994)**: "[Minimum Wages and Employment: A Case Study of the Fast-Food Industry in New Jersey and Pennsylvania](https://www.aeaweb.org/articles?id=10.1257/aer.90.5.1397)." *American Economic Review, 90 (5): 1397-1420.*
            2. **Bertrand, Marianne, Esther Duflo, and Sendhil Mullainathan. (2004)**: "[How Much Should We Trust Differences-in-Differences Estimates?](https://www.jstor.org/stable/25098683)" *The Quarterly Journal of Economics, 119(1):249–275.*
            3. **Abadie, Alberto. (2005)**: "[Semiparametric Difference-in-Differences Estimators](https://www.jstor.org/stable/3700681)." *Review of Economic Studies 72(1):1–19.*
            6. **Strezhnev, Anton. (2018)**: "Semiparametric Weighting Estimators for Multi-Period Difference-in-Differences Designs." [Annual Conference of the American Political Science Association](https://static1.squarespace.com/static/5931baca440243906ef65ca3/t/5b807c5d0ebbe8b9b8c75878/1535147102290/generalized_did.pdf).
            17. **Athey, Susan and Guido Imbens. (2022)**: "[Design-based Analysis in Difference-in-Differences Settings with Staggered Adoption](https://www.sciencedirect.com/science/article/pii/S0304407621000488)." *Journal of Econometrics Volume 226, Issue 1, Pages 62-79.*
            12. **Cattaneo, Matias D., Yingjie Feng, and Rocio Titiunik. (2019)**: [Prediction Intervals for Synthetic Control Methods](https://arxiv.org/abs/1912.07120)." *arXiv:1912.07120.*
            """
        )
    )
    assert [(i.title, i.authors, i.venue, i.year) for i in reading.items] == [
        ("Minimum Wages and Employment: A Case Study of the Fast-Food Industry in New Jersey "
         "and Pennsylvania", ["D. Card", "A. Krueger"], "American Economic Review", 1994),
        ("How Much Should We Trust Differences-in-Differences Estimates?",
         ["Marianne Bertrand", "Esther Duflo", "Sendhil Mullainathan"],
         "The Quarterly Journal of Economics", 2004),
        ("Semiparametric Difference-in-Differences Estimators", ["Alberto Abadie"],
         "Review of Economic Studies", 2005),
        ("Semiparametric Weighting Estimators for Multi-Period Difference-in-Differences Designs",
         ["Anton Strezhnev"], "Annual Conference of the American Political Science Association",
         2018),
        ("Design-based Analysis in Difference-in-Differences Settings with Staggered Adoption",
         ["Susan Athey", "Guido Imbens"], "Journal of Econometrics", 2022),
        ("Prediction Intervals for Synthetic Control Methods",
         ["Matias D Cattaneo", "Yingjie Feng", "Rocio Titiunik"], "", 2019),
    ]  # fmt: skip
    assert reading.items[-1].arxiv == "1912.07120"


def test_and_between_inverted_names_is_never_a_surname_particle():
    """`Card, D. and Krueger, A.`: "and" joins two names; it is no `van` or `de`."""
    from mibib.importers.citations import read_citation

    cited = read_citation("Card, D. and Krueger, A. (1994). Minimum Wages. AER, 90 (5).")
    assert cited is not None and cited.authors == ["D. Card", "A. Krueger"]


def test_bibtex_under_a_summary_entry_gives_its_authors_venue_and_year():
    """A catalogue generated from BibTeX: `<details><summary><a href>Title</a> (2023)
    </summary><pre><code>@article{…}` (the `</pre></code>` crossed, as written): the
    summary is the entry, the BibTeX its details."""
    reading = read_list(
        textwrap.dedent(
            """\
            # Programming Language and Software Engineering

            <details><summary><a href="https://doi.org/10.1145/3591257">Don’t Look UB: Exposing Sanitizer-Eliding Compiler Optimizations</a> (2023)</summary><br><pre><code>@article{10.1145/3591257,
                author = "Isemann, Raphael and Giuffrida, Cristiano and Bos, Herbert and van der Kouwe, Erik and Gleissenthall, Klaus von",
                title = "Don’t Look UB: Exposing Sanitizer-Eliding Compiler Optimizations",
                year = "2023",
                journal = "Proc. ACM Program. Lang.",
                keywords = "Fuzzing, Optimizations, Sanitizers"
            }
            </pre></code></details><details><summary><a href="https://doi.org/10.1145/3009837.3009897">Do be do be do</a> (2017)</summary><br><pre><code>@inproceedings{DBLP:conf/popl/LindleyMM17,
                author = "Lindley, Sam and McBride, Conor and McLaughlin, Craig",
                title = "Do be do be do",
                booktitle = "Proceedings of the 44th {ACM} {SIGPLAN} Symposium on Principles of Programming Languages, {POPL} 2017, Paris, France, January 18-20, 2017",
                year = "2017",
            }
            </pre></code></details>
            """
        )
    )
    assert [(i.title, i.authors[:2], i.venue, i.year, i.doi) for i in reading.items] == [
        ("Don’t Look UB: Exposing Sanitizer-Eliding Compiler Optimizations",
         ["Raphael Isemann", "Cristiano Giuffrida"], "Proc. ACM Program. Lang", 2023,
         "10.1145/3591257"),
        ("Do be do be do", ["Sam Lindley", "Conor McBride"],
         "Proceedings of the 44th ACM SIGPLAN Symposium on Principles of Programming Languages",
         2017, "10.1145/3009837.3009897"),
    ]  # fmt: skip


def test_a_fenced_bibtex_block_under_an_entry_adds_to_it_and_one_citing_the_list_adds_nothing():
    reading = read_list(
        textwrap.dedent(
            """\
            ## Papers

            - [Doo bee doo bee doo](https://doi.org/10.1017/S0956796820000039)

              ```bibtex
              @article{DBLP:journals/jfp/ConventLMM20,
                author = {Convent, Lukas and Lindley, Sam},
                title = {Doo bee doo bee doo},
                journal = {J. Funct. Program.},
                year = {2020}
              }
              ```

            ## Citation

            ```bibtex
            @misc{awesome2024,
              author = {Someone, A.},
              title = {awesome-things},
              howpublished = {GitHub repository},
              year = {2024}
            }
            ```
            """
        )
    )
    assert [(i.title, i.authors, i.venue, i.year) for i in reading.items] == [
        ("Doo bee doo bee doo", ["Lukas Convent", "Sam Lindley"], "J. Funct. Program", 2020),
    ]


def test_a_bibtex_block_citing_the_lists_own_survey_named_in_prose_adds_nothing():
    """`This is a collection … following our survey [A Practical Review of …](…)` then
    `**How to Cite:**` over the survey's BibTeX: the prose names the paper, it is no entry,
    and the BibTeX is not read as one."""
    reading = read_list(
        textwrap.dedent(
            """\
            # awesome-papers

            This is a collection of papers, organized following our survey [A Practical Review of Mechanistic Interpretability for Transformer-Based Language Models](https://arxiv.org/abs/2407.02646).

            **How to Cite:** If you find our survey useful for your research, please cite our paper:
            ```
            @article{rai2024practical,
              title={A Practical Review of Mechanistic Interpretability for Transformer-Based Language Models},
              author={Rai, Daking and Zhou, Yilun},
              journal={arXiv preprint arXiv:2407.02646},
              year={2024}
            }
            ```
            """
        )
    )
    assert [item.title for item in reading.items] == []
