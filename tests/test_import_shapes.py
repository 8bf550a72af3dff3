"""The shapes paper lists are written in, each read into entries by `markdown.read_list`.

Every case is a few lines in one of the forms real awesome lists use (tables, link or
bold titles, author and venue tails, sub-items, HTML, paragraphs, headings) and what
import must make of it; then the things that are not papers (navigation, badges, news,
tools, contributors) and must not become entries.
"""

import textwrap

import pytest

from mibib.importers.markdown import read_list


def read(text: str):
    return read_list(textwrap.dedent(text))


def only(text: str):
    """The one entry a snippet holds."""
    items = read(text).items
    assert len(items) == 1, [item.title for item in items]
    return items[0]


def summary(item) -> dict:
    return {
        "title": item.title,
        "url": item.url,
        "arxiv": item.arxiv,
        "authors": item.authors,
        "venue": item.venue,
        "year": item.year,
    }


SHAPES = [
    pytest.param(
        """
        | Paper | Authors | Venue | Year |
        | --- | --- | --- | --- |
        | [Sparse Feature Circuits](https://arxiv.org/abs/2403.19647) | Samuel Marks, Can Rager | ICLR | 2025 |
        """,
        {"title": "Sparse Feature Circuits", "url": "https://arxiv.org/abs/2403.19647",
         "arxiv": "2403.19647", "authors": ["Samuel Marks", "Can Rager"], "venue": "ICLR",
         "year": 2025},
        id="table-with-authors-and-venue-columns",
    ),
    pytest.param(
        "- [Toy Models of Superposition](https://arxiv.org/abs/2209.10652) - Nelson Elhage, "
        "Tristan Hume, Catherine Olsson, Transformer Circuits 2022\n",
        {"title": "Toy Models of Superposition", "url": "https://arxiv.org/abs/2209.10652",
         "arxiv": "2209.10652", "authors": ["Nelson Elhage", "Tristan Hume", "Catherine Olsson"],
         "venue": "Transformer Circuits", "year": 2022},
        id="link-dash-authors-venue-year",
    ),
    pytest.param(
        "- Attention Is All You Need (NeurIPS 2017) [[pdf]](https://arxiv.org/pdf/1706.03762.pdf)\n",
        {"title": "Attention Is All You Need", "url": "https://arxiv.org/pdf/1706.03762.pdf",
         "arxiv": "1706.03762", "authors": [], "venue": "NeurIPS", "year": 2017},
        id="plain-title-venue-in-parentheses-pdf-label",
    ),
    pytest.param(
        "- **Locating and Editing Factual Associations in GPT**. Kevin Meng, David Bau, Alex "
        "Andonian, Yonatan Belinkov. NeurIPS, 2022. [paper](https://arxiv.org/abs/2202.05262)\n",
        {"title": "Locating and Editing Factual Associations in GPT",
         "url": "https://arxiv.org/abs/2202.05262", "arxiv": "2202.05262",
         "authors": ["Kevin Meng", "David Bau", "Alex Andonian", "Yonatan Belinkov"],
         "venue": "NeurIPS", "year": 2022},
        id="bold-title-authors-venue-comma-year",
    ),
    pytest.param(
        "- 2023 | Progress measures for grokking via mechanistic interpretability | "
        "[link](https://openreview.net/forum?id=9XFSbDPmdW)\n",
        {"title": "Progress measures for grokking via mechanistic interpretability",
         "url": "https://openreview.net/forum?id=9XFSbDPmdW", "arxiv": None, "authors": [],
         "venue": "", "year": 2023},
        id="year-bar-title-bar-link",
    ),
    pytest.param(
        """
        <ul>
          <li><a href="https://arxiv.org/abs/2301.05217">Progress measures for grokking</a>, Neel Nanda, Lawrence Chan, ICLR 2023</li>
        </ul>
        """,
        {"title": "Progress measures for grokking", "url": "https://arxiv.org/abs/2301.05217",
         "arxiv": "2301.05217", "authors": ["Neel Nanda", "Lawrence Chan"], "venue": "ICLR",
         "year": 2023},
        id="html-list",
    ),
    pytest.param(
        """
        - **Interpretability in the Wild: a Circuit for Indirect Object Identification**
          - Authors: Kevin Wang, Alexandre Variengien, Arthur Conmy
          - Venue: ICLR 2023
          - Paper: [arXiv](https://arxiv.org/abs/2211.00593)
          - Code: [GitHub](https://github.com/redwoodresearch/Easy-Transformer)
        """,
        {"title": "Interpretability in the Wild: a Circuit for Indirect Object Identification",
         "url": "https://arxiv.org/abs/2211.00593", "arxiv": "2211.00593",
         "authors": ["Kevin Wang", "Alexandre Variengien", "Arthur Conmy"], "venue": "ICLR",
         "year": 2023},
        id="key-value-sub-items",
    ),
    pytest.param(
        """
        * [Language Models Represent Space and Time](https://openreview.net/forum?id=jE8xbmvFin)
            * Author(s): Wes Gurnee, Max Tegmark
            * Date: 2023-10
        """,
        {"title": "Language Models Represent Space and Time",
         "url": "https://openreview.net/forum?id=jE8xbmvFin", "arxiv": None,
         "authors": ["Wes Gurnee", "Max Tegmark"], "venue": "", "year": 2023},
        id="author-s-and-date-sub-items",
    ),
    pytest.param(
        """
        1. **[Tree of Thoughts: Deliberate Problem Solving with Large Language Models.](https://arxiv.org/abs/2305.10601)** [[code](https://github.com/princeton-nlp/tree-of-thought-llm)]

            *Shunyu Yao, Dian Yu, Jeffrey Zhao, Izhak Shafran, Thomas L. Griffiths.* NeurIPS'23
        """,
        {"title": "Tree of Thoughts: Deliberate Problem Solving with Large Language Models",
         "url": "https://arxiv.org/abs/2305.10601", "arxiv": "2305.10601",
         "authors": ["Shunyu Yao", "Dian Yu", "Jeffrey Zhao", "Izhak Shafran",
                     "Thomas L. Griffiths"],
         "venue": "NeurIPS", "year": 2023},
        id="numbered-bold-link-italic-author-line-short-year",
    ),
    pytest.param(
        '- "Causal Abstractions of Neural Networks", Atticus Geiger, Hanson Lu, NeurIPS 2021, '
        "https://arxiv.org/abs/2106.02997\n",
        {"title": "Causal Abstractions of Neural Networks",
         "url": "https://arxiv.org/abs/2106.02997", "arxiv": "2106.02997",
         "authors": ["Atticus Geiger", "Hanson Lu"], "venue": "NeurIPS", "year": 2021},
        id="quoted-title-bare-url",
    ),
    pytest.param(
        "+ **LVLM tool** [LVLM-Interpret: an interpretability tool for large vision-language "
        "models](https://arxiv.org/abs/2404.03118) (Jun. 24, 2024)\n"
        "  [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2404.03118)\n",
        {"title": "LVLM-Interpret: an interpretability tool for large vision-language models",
         "url": "https://arxiv.org/abs/2404.03118", "arxiv": "2404.03118", "authors": [],
         "venue": "", "year": 2024},
        id="bold-label-then-title-link-then-badge",
    ),
    pytest.param(
        "- Knowledge Neurons in Pretrained Transformers "
        "[![arXiv](https://img.shields.io/badge/arXiv-2104.08696-b31b1b.svg)](https://arxiv.org/abs/2104.08696)\n",
        {"title": "Knowledge Neurons in Pretrained Transformers",
         "url": "https://arxiv.org/abs/2104.08696", "arxiv": "2104.08696", "authors": [],
         "venue": "", "year": None},
        id="badge-only-arxiv-link",
    ),
    pytest.param(
        "- \\[ICLR 2024\\] **Sparse Autoencoders Find Highly Interpretable Features** "
        "[paper](https://openreview.net/forum?id=F76bwRSLeK)\n",
        {"title": "Sparse Autoencoders Find Highly Interpretable Features",
         "url": "https://openreview.net/forum?id=F76bwRSLeK", "arxiv": None, "authors": [],
         "venue": "ICLR", "year": 2024},
        id="escaped-venue-prefix",
    ),
    pytest.param(
        "- **[ICML 2023]** AudioLDM: Text-to-Audio Generation with Latent Diffusion Models. "
        "[[Paper]](https://arxiv.org/pdf/2301.12503) [[Code]](https://github.com/haoheliu/AudioLDM)\n",
        {"title": "AudioLDM: Text-to-Audio Generation with Latent Diffusion Models",
         "url": "https://arxiv.org/pdf/2301.12503", "arxiv": "2301.12503", "authors": [],
         "venue": "ICML", "year": 2023},
        id="bold-venue-prefix-plain-title-paper-label",
    ),
    pytest.param(
        """
        ### [Chain-of-Verification Reduces Hallucination in Large Language Models](https://arxiv.org/abs/2309.11495)
        - **Metrics:** FACTSCORE
        - **Comments:** Drafts, verifies and revises its own answer.
        """,
        {"title": "Chain-of-Verification Reduces Hallucination in Large Language Models",
         "url": "https://arxiv.org/abs/2309.11495", "arxiv": "2309.11495", "authors": [],
         "venue": "", "year": None},
        id="heading-entry-with-metadata-bullets",
    ),
    pytest.param(
        "**Prompting GPT-3 To Be Reliable** \\\n*Chenglei Si, Zhe Gan, Zhengyuan Yang* \\\n"
        "ICLR 2023. [[Paper](https://arxiv.org/abs/2210.09150)] "
        "[[Github](https://github.com/NoviScl/GPT3-Reliability)] \\\n17 Oct 2022\n",
        {"title": "Prompting GPT-3 To Be Reliable", "url": "https://arxiv.org/abs/2210.09150",
         "arxiv": "2210.09150", "authors": ["Chenglei Si", "Zhe Gan", "Zhengyuan Yang"],
         "venue": "ICLR", "year": 2023},
        id="paragraph-with-hard-breaks",
    ),
    pytest.param(
        """
        <table>
        <tr><th>Title</th><th>Date</th><th>Links</th></tr>
        <tr><td>Taming OpenClaw: Security Analysis and Mitigation</td><td>Mar 2026</td><td><a href="https://arxiv.org/abs/2603.11619">Paper</a> <a href="https://github.com/x/y"><img src="https://img.shields.io/github/stars/x/y" alt="Stars"></a></td></tr>
        </table>
        """,
        {"title": "Taming OpenClaw: Security Analysis and Mitigation",
         "url": "https://arxiv.org/abs/2603.11619", "arxiv": "2603.11619", "authors": [],
         "venue": "", "year": 2026},
        id="html-table-paper-label-and-badge",
    ),
    pytest.param(
        "* [Emergent World Representations](https://arxiv.org/abs/2210.13382) by Kenneth Li "
        "and Aspen K. Hopkins (ICLR 2023)\n",
        {"title": "Emergent World Representations", "url": "https://arxiv.org/abs/2210.13382",
         "arxiv": "2210.13382", "authors": ["Kenneth Li", "Aspen K. Hopkins"], "venue": "ICLR",
         "year": 2023},
        id="link-by-authors-venue-in-parentheses",
    ),
    pytest.param(
        "1. Dissecting Recall of Factual Associations. *Mor Geva, Jasmijn Bastings, Katja "
        "Filippova, Amir Globerson*. **EMNLP**, 2023. [[pdf]](https://aclanthology.org/2023.emnlp-main.751.pdf)\n",
        {"title": "Dissecting Recall of Factual Associations",
         "url": "https://aclanthology.org/2023.emnlp-main.751.pdf", "arxiv": None,
         "authors": ["Mor Geva", "Jasmijn Bastings", "Katja Filippova", "Amir Globerson"],
         "venue": "EMNLP", "year": 2023},
        id="plain-title-italic-authors-bold-venue",
    ),
    pytest.param(
        "- [Universal Neurons in GPT2 Language Models](https://arxiv.org/abs/2401.12181v2) "
        "(TMLR'24)\n",
        {"title": "Universal Neurons in GPT2 Language Models",
         "url": "https://arxiv.org/abs/2401.12181v2", "arxiv": "2401.12181", "authors": [],
         "venue": "TMLR", "year": 2024},
        id="venue-suffix-with-short-year",
    ),
    pytest.param(
        "- [Refusal in LLMs is mediated by a single direction](https://www.lesswrong.com/posts/"
        "jGuXSZgv6qfdhMCuJ/refusal-in-llms-is-mediated-by-a-single-direction)\n",
        {"title": "Refusal in LLMs is mediated by a single direction",
         "url": "https://www.lesswrong.com/posts/jGuXSZgv6qfdhMCuJ/refusal-in-llms-is-mediated"
                "-by-a-single-direction",
         "arxiv": None, "authors": [], "venue": "", "year": None},
        id="blog-post-on-a-research-forum",
    ),
    pytest.param(
        "- [Agent Laboratory: Using LLM Agents as Research Assistants]"
        "(https://huggingface.co/papers/2501.04227), ArXiv, 2025.1, AMD & JHU\n",
        {"title": "Agent Laboratory: Using LLM Agents as Research Assistants",
         "url": "https://huggingface.co/papers/2501.04227", "arxiv": "2501.04227", "authors": [],
         "venue": "", "year": 2025},
        id="arxiv-id-behind-a-mirror-venue-year-month",
    ),
    pytest.param(
        """
        | Year | Venue | Paper | Code |
        |------|-------|-------|------|
        | 2023 | ICML | [A Watermark for Large Language Models](https://arxiv.org/abs/2301.10226) | [code](https://github.com/jwkirchenbauer/lm-watermarking) |
        """,
        {"title": "A Watermark for Large Language Models",
         "url": "https://arxiv.org/abs/2301.10226", "arxiv": "2301.10226", "authors": [],
         "venue": "ICML", "year": 2023},
        id="table-year-venue-paper-code-columns",
    ),
    pytest.param(
        "| Paper Title | Venue | Link |\n| --- | --- | --- |\n"
        "| Direct Preference Optimization | NeurIPS 2023 | [link](https://arxiv.org/abs/2305.18290) |\n",
        {"title": "Direct Preference Optimization", "url": "https://arxiv.org/abs/2305.18290",
         "arxiv": "2305.18290", "authors": [], "venue": "NeurIPS", "year": 2023},
        id="table-plain-title-and-link-column",
    ),
    pytest.param(
        "* [Training language models to follow instructions](https://arxiv.org/abs/2203.02155) "
        "(Ouyang et al., 2022)\n",
        {"title": "Training language models to follow instructions",
         "url": "https://arxiv.org/abs/2203.02155", "arxiv": "2203.02155",
         "authors": ["Ouyang", "others"], "venue": "", "year": 2022},
        id="author-et-al-year-in-parentheses",
    ),
    pytest.param(
        "- **Constitutional AI: Harmlessness from AI Feedback** - *Yuntao Bai, Saurav Kadavath* "
        "(arXiv 2022) [[Paper](https://arxiv.org/abs/2212.08073)]\n",
        {"title": "Constitutional AI: Harmlessness from AI Feedback",
         "url": "https://arxiv.org/abs/2212.08073", "arxiv": "2212.08073",
         "authors": ["Yuntao Bai", "Saurav Kadavath"], "venue": "", "year": 2022},
        id="bold-title-italic-authors-preprint-year",
    ),
    pytest.param(
        "Deep Residual Learning for Image Recognition \\\nKaiming He, Xiangyu Zhang, Jian Sun \\\n"
        "CVPR 2016 [[Paper](https://arxiv.org/abs/1512.03385)]\n",
        {"title": "Deep Residual Learning for Image Recognition",
         "url": "https://arxiv.org/abs/1512.03385", "arxiv": "1512.03385",
         "authors": ["Kaiming He", "Xiangyu Zhang", "Jian Sun"], "venue": "CVPR", "year": 2016},
        id="paragraph-with-an-unmarked-title",
    ),
    pytest.param(
        "- Chain of Thought Prompting Elicits Reasoning [[paper]][cot] [[code]](https://github.com/x/y)\n\n"
        "[cot]: https://arxiv.org/abs/2201.11903\n",
        {"title": "Chain of Thought Prompting Elicits Reasoning",
         "url": "https://arxiv.org/abs/2201.11903", "arxiv": "2201.11903", "authors": [],
         "venue": "", "year": None},
        id="reference-style-link",
    ),
    pytest.param(
        "- [x] [Let's Verify Step by Step](https://arxiv.org/abs/2305.20050)\n",
        {"title": "Let's Verify Step by Step", "url": "https://arxiv.org/abs/2305.20050",
         "arxiv": "2305.20050", "authors": [], "venue": "", "year": None},
        id="checkbox-item",
    ),
    pytest.param(
        """
        ## Papers

        ### Attention Is All You Need
        - **Authors:** Ashish Vaswani, Noam Shazeer
        - **Venue:** NeurIPS 2017
        - **Paper:** [arXiv](https://arxiv.org/abs/1706.03762)
        - **Code:** [GitHub](https://github.com/tensorflow/tensor2tensor)
        """,
        {"title": "Attention Is All You Need", "url": "https://arxiv.org/abs/1706.03762",
         "arxiv": "1706.03762", "authors": ["Ashish Vaswani", "Noam Shazeer"],
         "venue": "NeurIPS", "year": 2017},
        id="plain-heading-over-key-value-items",
    ),
    pytest.param(
        "- *Attention Is All You Need*, Ashish Vaswani, Noam Shazeer, NeurIPS 2017 "
        "[pdf](https://arxiv.org/pdf/1706.03762)\n",
        {"title": "Attention Is All You Need", "url": "https://arxiv.org/pdf/1706.03762",
         "arxiv": "1706.03762", "authors": ["Ashish Vaswani", "Noam Shazeer"],
         "venue": "NeurIPS", "year": 2017},
        id="italic-title",
    ),
    pytest.param(
        "| Title | arXiv |\n|---|---|\n"
        "| Finding Neurons in a Haystack | [2305.01610](https://arxiv.org/abs/2305.01610) |\n",
        {"title": "Finding Neurons in a Haystack", "url": "https://arxiv.org/abs/2305.01610",
         "arxiv": "2305.01610", "authors": [], "venue": "", "year": None},
        id="arxiv-id-as-the-link-text",
    ),
    pytest.param(
        "- [Softmax Linear Units](https://transformer-circuits.pub/2022/solu/index.html) - "
        "Nelson Elhage, Transformer Circuits 2022\n",
        {"title": "Softmax Linear Units",
         "url": "https://transformer-circuits.pub/2022/solu/index.html", "arxiv": None,
         "authors": ["Nelson Elhage"], "venue": "Transformer Circuits", "year": 2022},
        id="one-author-beside-a-venue",
    ),
    pytest.param(
        "- [RT-2: Vision-Language-Action Models](https://arxiv.org/abs/2307.15818), CoRL, 2023, "
        "Google DeepMind | [project](https://robotics-transformer2.github.io/)\n",
        {"title": "RT-2: Vision-Language-Action Models", "url": "https://arxiv.org/abs/2307.15818",
         "arxiv": "2307.15818", "authors": [], "venue": "CoRL", "year": 2023},
        id="a-team-is-not-an-author",
    ),
    pytest.param(
        "---\ntitle: Reading list\nlayout: page\n---\n\n"
        "- Toy Models of Superposition [📄](https://arxiv.org/abs/2209.10652)\n",
        {"title": "Toy Models of Superposition", "url": "https://arxiv.org/abs/2209.10652",
         "arxiv": "2209.10652", "authors": [], "venue": "", "year": None},
        id="front-matter-and-an-emoji-link",
    ),
    pytest.param(
        "1. Distilling the Knowledge in a Neural Network. Hinton, Geoffrey, Oriol Vinyals, and "
        "Jeff Dean. arXiv:1503.02531\n",
        {"title": "Distilling the Knowledge in a Neural Network",
         "url": "https://arxiv.org/abs/1503.02531", "arxiv": "1503.02531",
         "authors": ["Geoffrey Hinton", "Oriol Vinyals", "Jeff Dean"], "venue": "", "year": None},
        id="citation-with-an-arxiv-id-written-out",
    ),
    pytest.param(
        "- **Deep learning** (2015), Y. LeCun et al. "
        "[[pdf]](http://www.cs.toronto.edu/~hinton/absps/NatureDeepReview.pdf)\n",
        {"title": "Deep learning",
         "url": "http://www.cs.toronto.edu/~hinton/absps/NatureDeepReview.pdf", "arxiv": None,
         "authors": ["Y. LeCun", "others"], "venue": "", "year": 2015},
        id="bold-title-year-first-author-et-al",
    ),
    pytest.param(
        "- (*arXiv 2023.10*) Talk like a Graph: Encoding Graphs for Large Language Models "
        "[[Paper](https://arxiv.org/abs/2310.04560)]\n",
        {"title": "Talk like a Graph: Encoding Graphs for Large Language Models",
         "url": "https://arxiv.org/abs/2310.04560", "arxiv": "2310.04560", "authors": [],
         "venue": "", "year": 2023},
        id="italic-venue-prefix-in-parentheses",
    ),
    pytest.param(
        "| Date | keywords | Institute | Paper |\n| :-: | :-: | :-: | :-- |\n"
        "| 2017-06 | Transformers | Google | [Attention Is All You Need](https://arxiv.org/pdf/1706.03762.pdf) |\n",
        {"title": "Attention Is All You Need", "url": "https://arxiv.org/pdf/1706.03762.pdf",
         "arxiv": "1706.03762", "authors": [], "venue": "", "year": 2017},
        id="table-with-the-paper-column-last",
    ),
    pytest.param(
        """
        **Sparse Probing of Toy Transformers**

        - Homepage: https://toy-probes.github.io/
        - Paper: https://arxiv.org/abs/2305.01610
        - Code: https://github.com/toy/probes
        """,
        {"title": "Sparse Probing of Toy Transformers", "url": "https://arxiv.org/abs/2305.01610",
         "arxiv": "2305.01610", "authors": [], "venue": "", "year": None},
        id="bold-title-paragraph-over-written-out-paper-and-code-items",
    ),
    pytest.param(
        "- **2016-03** | Learning Splice Codes From Scratch | *Ann Lee, Bo Chen* | "
        "[Nature Methods](https://doi.org/10.1038/nmeth.0001) | [code](https://github.com/a/b)\n",
        {"title": "Learning Splice Codes From Scratch", "url": "https://doi.org/10.1038/nmeth.0001",
         "arxiv": None, "authors": ["Ann Lee", "Bo Chen"], "venue": "Nature Methods",
         "year": 2016},
        id="date-bar-title-bar-authors-bar-journal-link",
    ),
    pytest.param(
        """
        + **A Review of Graph Embeddings**
          + **Authors:** Ann Lee, Bo Chen
          + **Download:** [PDF](https://arxiv.org/pdf/1709.05584.pdf)
          + **Keywords:** embeddings, graphs
        """,
        {"title": "A Review of Graph Embeddings", "url": "https://arxiv.org/pdf/1709.05584.pdf",
         "arxiv": "1709.05584", "authors": ["Ann Lee", "Bo Chen"], "venue": "", "year": None},
        id="bold-key-sub-item-of-an-unknown-key-keeps-its-link",
    ),
    pytest.param(
        '**[7]** Lee, Ann B., Bo Chen, and Cy Diaz. "**Pruning deep belief nets**." Neural '
        "computation 18.7 (2006): 1527-1554. [[pdf]](http://example.edu/~lee/pruning.pdf) "
        "**(A classic, still worth reading)**\n",
        {"title": "Pruning deep belief nets", "url": "http://example.edu/~lee/pruning.pdf",
         "arxiv": None, "authors": ["Ann B. Lee", "Bo Chen", "Cy Diaz"],
         "venue": "Neural computation", "year": 2006},
        id="numbered-reference-paragraph-quoted-title-after-inverted-authors",
    ),
    pytest.param(
        '[3] D. Park and E. Kim, "Sparse codes for graph streams," in Proc. ICDM, 2019. '
        "[[PDF]](https://arxiv.org/pdf/1901.00003.pdf)\n",
        {"title": "Sparse codes for graph streams", "url": "https://arxiv.org/pdf/1901.00003.pdf",
         "arxiv": "1901.00003", "authors": ["D. Park", "E. Kim"], "venue": "ICDM",
         "year": 2019},
        id="ieee-style-reference",
    ),
    pytest.param(
        '- Szegedy, Ana, et al. "Going wider with kernels." Proceedings of CVPR 2015. '
        "[[pdf]](https://arxiv.org/pdf/1409.00042.pdf)\n",
        {"title": "Going wider with kernels", "url": "https://arxiv.org/pdf/1409.00042.pdf",
         "arxiv": "1409.00042", "authors": ["Ana Szegedy", "others"],
         "venue": "Proceedings of CVPR", "year": 2015},
        id="first-author-inverted-then-et-al",
    ),
    pytest.param(
        '- **LoopNet** — "Planning by Looping Over Tool Calls". Yao 等. *ICLR* 2023. '
        "[[论文]](https://arxiv.org/abs/2210.00007) — 一个简短的中文说明。\n",
        {"title": "LoopNet: Planning by Looping Over Tool Calls",
         "url": "https://arxiv.org/abs/2210.00007", "arxiv": "2210.00007",
         "authors": ["Yao", "others"], "venue": "ICLR", "year": 2023},
        id="bold-short-name-then-quoted-full-title-chinese-et-al",
    ),
    pytest.param(
        "- [Pose From Radiance](http://example.org/pose/), Lin et al. IROS 2021 | "
        "[bibtex](./cite/pose.txt)\n",
        {"title": "Pose From Radiance", "url": "http://example.org/pose/", "arxiv": None,
         "authors": ["Lin", "others"], "venue": "IROS", "year": 2021},
        id="et-al-then-venue-without-a-comma",
    ),
    pytest.param(
        "[-] 2018-NIPS - Learning Under Noisy Labels. [[Paper]](https://arxiv.org/abs/1805.00001) "
        "[[Code-Unofficial-PyTorch]](https://github.com/a/b)\n",
        {"title": "Learning Under Noisy Labels", "url": "https://arxiv.org/abs/1805.00001",
         "arxiv": "1805.00001", "authors": [], "venue": "NIPS", "year": 2018},
        id="hand-typed-bullet-paragraph-year-venue-dash-title",
    ),
    pytest.param(
        " * Ann Lee, Bo Chen and Cy Diaz, DeepTrack: Tracking With Deep Features, BMVC, 2014. "
        "[[Paper]](http://example.org/bmvc/paper028.pdf)\n",
        {"title": "DeepTrack: Tracking With Deep Features",
         "url": "http://example.org/bmvc/paper028.pdf", "arxiv": None,
         "authors": ["Ann Lee", "Bo Chen", "Cy Diaz"], "venue": "BMVC", "year": 2014},
        id="authors-first-then-title-venue-year",
    ),
    pytest.param(
        "[-] 2017-CVPR - Making Graph Networks Robust to Label Noise:\n"
        "a Loss Correction Approach. [[Paper]](https://arxiv.org/abs/1609.00003)\n",
        {"title": "Making Graph Networks Robust to Label Noise: a Loss Correction Approach",
         "url": "https://arxiv.org/abs/1609.00003", "arxiv": "1609.00003", "authors": [],
         "venue": "CVPR", "year": 2017},
        id="title-wrapped-onto-the-next-line",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), SHAPES)
def test_shape_is_read(text, expected):
    assert summary(only(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "- [Odd Results](https://example.org/odd.pdf), Journal of Odd Things, 2019, "
            "MIT & Google Research.\n",
            ("Journal of Odd Things", 2019, "MIT & Google Research", ""),
            id="unknown-venue-year-team",
        ),
        pytest.param(
            "- [Odd Results](https://arxiv.org/abs/2403.00001), ArXiv, 2024.3. "
            "University of Freiburg | [code](https://github.com/a/b)\n",
            ("", 2024, "University of Freiburg", ""),
            id="preprint-date-period-then-team",
        ),
        pytest.param(
            "- [Odd Results](https://arxiv.org/abs/2403.00001), ICML, 2024, Stanford. "
            "We show that odd results are common.\n",
            ("ICML", 2024, "Stanford", "We show that odd results are common."),
            id="team-then-a-description",
        ),
        pytest.param(
            "- [Odd Results](https://arxiv.org/abs/2403.00001), ICML, 2024, Oral\n",
            ("ICML", 2024, "", "Oral"),
            id="a-remark-is-not-a-team",
        ),
        pytest.param(
            "- [Odd Results](https://arxiv.org/abs/2403.00001), Preprint, 2023.6, Lilian Weng\n",
            ("", 2023, "", ""),
            id="a-person-is-an-author",
        ),
    ],
)
def test_a_tail_of_short_fields_is_venue_year_and_team_not_a_description(text, expected):
    item = only(text)
    assert (item.venue, item.year, item.affiliation, item.tldr) == expected


def test_rows_of_a_paper_column_with_a_date_are_papers_whatever_they_link():
    reading = read(
        "| Date | Keywords | Paper |\n| --- | --- | --- |\n"
        "| 2022-06 | BIG | [Beyond the Imitation Game of Models](https://github.com/x/big) |\n"
        "| 2023-02 | LLaMA | [Open Foundation Models](https://research.facebook.com/publications/l/) |\n"
    )
    assert [(item.title, item.year) for item in reading.items] == [
        ("Beyond the Imitation Game of Models", 2022),
        ("Open Foundation Models", 2023),
    ]


def test_a_repository_whose_description_cites_several_venues_is_not_a_paper():
    reading = read(
        "- [Awesome Tuning Papers](https://github.com/a/tuning-papers) - Starts from `FLAN` "
        "(ICLR 2022) and `T0` (ICLR 2022) and `NI` (ACL 2022).\n"
        "- [Another Reading List](https://github.com/b/list) - Papers on tuning.\n"
    )
    assert reading.items == []
    assert [item.title for item in reading.not_papers] == [
        "Awesome Tuning Papers",
        "Another Reading List",
    ]


def test_month_code_and_description_are_kept():
    item = only(
        "- [Scaling and evaluating sparse autoencoders](https://arxiv.org/abs/2406.04093), "
        "ArXiv, 2024.6 | [code](https://github.com/openai/sparse_autoencoder)\n"
        "  - Trains k-sparse autoencoders at scale.\n"
    )
    assert (item.year, item.month) == (2024, 6)
    assert item.code == "https://github.com/openai/sparse_autoencoder"
    assert item.tldr == "Trains k-sparse autoencoders at scale."


def test_titles_lose_a_final_period_emoji_and_quotes():
    assert only("- **[🌟 “A Title.”](https://arxiv.org/abs/2401.00001)**\n").title == "A Title"


def test_title_and_badge_that_disagree_keep_the_title_link_and_say_so():
    reading = read(
        "+ [Token Activation Map to Visually Explain Multimodal LLMs]"
        "(https://arxiv.org/abs/2411.16198) (Jun. 29, 2025)\n"
        "  [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2506.23270)\n"
    )
    assert reading.items[0].arxiv == "2411.16198"
    assert reading.notes == [
        "line 1: 'Token Activation Map to Visually Explai…' links arXiv 2411.16198, "
        "2506.23270; kept 2411.16198 (the title's link)"
    ]


def test_paper_label_link_takes_its_title_from_the_cell():
    item = only(
        "| Benchmark | Focus | Paper |\n| --- | --- | --- |\n"
        "| CIK-Bench | state poisoning | [Paper](https://arxiv.org/abs/2604.04759) |\n"
    )
    assert (item.title, item.arxiv) == ("CIK-Bench", "2604.04759")


def test_sub_item_with_its_own_link_is_an_entry_of_its_own():
    reading = read(
        "* **Is This the Subspace You Are Looking for?** [[ICLR 2024]](https://openreview.net/forum?id=Ebt7JgMHv1)\n"
        "  * **A Reply to Makelov et al. (2023)** [[arxiv 2401]](https://arxiv.org/abs/2401.12631)\n"
    )
    assert [(item.title, item.year) for item in reading.items] == [
        ("Is This the Subspace You Are Looking for?", 2024),
        ("A Reply to Makelov et al. (2023)", 2024),
    ]


def test_a_title_linked_to_its_code_takes_the_paper_link_of_a_sub_item():
    item = only(
        "- [A Survey on Hallucination in Large Language Models: Principles and Taxonomy]"
        "(https://github.com/LuckyyySTA/Awesome-LLM-hallucination)\n"
        "    - Paper available [here](https://arxiv.org/abs/2311.05232)\n"
    )
    assert (item.url, item.arxiv) == ("https://arxiv.org/abs/2311.05232", "2311.05232")
    assert item.code == "https://github.com/LuckyyySTA/Awesome-LLM-hallucination"


def test_year_sections_and_details_give_years_not_categories():
    reading = read(
        """
        ## Robotics

        <details><summary>2022</summary>

        - [Do As I Can, Not As I Say](https://say-can.github.io/assets/palm_saycan.pdf), Google

        </details>

        ### 2021

        - [CLIPort: What and Where Pathways](https://cliport.github.io/cliport.pdf)
        """
    )
    assert [(item.section, item.year) for item in reading.items] == [
        (("Robotics",), 2022),
        (("Robotics",), 2021),
    ]


# Headings and labels give each entry its section path (as categories); not the list's
# own title, a table of contents, or a remark.
SECTIONS = [
    pytest.param(
        "## Papers\n\n- Circuits\n  - [Circuit Component Reuse](https://arxiv.org/abs/2310.08744)\n",
        [("Papers", "Circuits")],
        id="a-label-item-over-a-nested-list-names-a-sub-section",
    ),
    pytest.param(
        """
        ## Table of Contents

        - [Robotics](#robotics)
        - [Agents](#agents)
        - [Other](#other)

        ### Robotics

        - [RT-2: Vision-Language-Action Models](https://arxiv.org/abs/2307.15818), CoRL, 2023
        """,
        [("Robotics",)],
        id="a-contents-heading-over-the-topics-is-not-a-category",
    ),
    pytest.param(
        """
        ## Contents

        * [Robotics](#robotics)
        * [Agents](#agents)

        *(and more below)*

        * [Older work](#older-work)

        ### Robotics

        - **Grasping From Pixels** (2016), A. Lee et al. [[pdf]](https://arxiv.org/pdf/1603.00001)
        """,
        [("Robotics",)],
        id="a-remark-under-the-contents-does-not-make-it-a-category",
    ),
    pytest.param(
        """
        ## Papers on learning for proteins

        ### Reviews

        - [Protein Models Reviewed](https://arxiv.org/abs/2208.00001), ICML 2022

        ### Tools

        - [A Folding Library](https://arxiv.org/abs/2208.00002), ICML 2022
        """,
        [("Reviews",), ("Tools",)],
        id="a-first-heading-over-the-whole-list-is-its-title",
    ),
    pytest.param(
        """
        <h1 align="center">Awesome Reasoning</h1>

        <h2 id="technique">Technique</h2>

        1. **[Self-Consistency Improves Chain of Thought Reasoning](https://arxiv.org/abs/2203.11171)**
        """,
        [("Technique",)],
        id="html-headings-are-sections-and-the-first-h1-is-the-title",
    ),
]


@pytest.mark.parametrize(("text", "expected"), SECTIONS)
def test_sections_of_the_entries(text, expected):
    assert [item.section for item in read(text).items] == expected


def test_commented_out_entries_are_not_read_even_when_the_comment_is_never_closed():
    reading = read(
        """
        - [Kept Paper Title](https://arxiv.org/abs/2401.00001)
        <!--
        - [Hidden Paper Title](https://arxiv.org/abs/2401.00002)
        –->
        - [Also Hidden Title](https://arxiv.org/abs/2401.00003)
        """
    )
    assert [item.title for item in reading.items] == ["Kept Paper Title"]


NOT_PAPERS = [
    pytest.param(
        "## Contents\n- [Papers](#papers)\n- [Tools](#tools)\n\n## Papers\n"
        '([Back to Table of Contents](#contents))\n\n<p align="right"><a href="#top">Back to top</a></p>\n',
        id="table-of-contents-and-back-to-top",
    ),
    pytest.param(
        "[![Awesome](https://awesome.re/badge.svg)](https://awesome.re) "
        "![Stars](https://img.shields.io/github/stars/x/y)\n",
        id="badges-and-star-counts",
    ),
    pytest.param(
        "## News\n- [2025-10] Our paper [Great Results Everywhere](https://arxiv.org/abs/2510.00001) "
        "was accepted at NeurIPS!\n- 2024/05: We added 20 new papers.\n",
        id="news-items",
    ),
    pytest.param(
        "## Contributors\n- [Jane Doe](https://github.com/janedoe)\n"
        "- [John Smith](https://github.com/johnsmith)\n"
        '<a href="https://github.com/x/y/graphs/contributors"><img src="https://contrib.rocks/image?repo=x/y" /></a>\n',
        id="contributors",
    ),
    pytest.param(
        "## Libraries\n- [TransformerLens](https://github.com/TransformerLensOrg/TransformerLens): "
        "a library for interpretability ([Paper](https://arxiv.org/abs/2211.00593))\n"
        "- [**Neuronpedia**](https://www.neuronpedia.org/): an open platform\n",
        id="tools-linking-code-or-a-site",
    ),
    pytest.param(
        "## Courses\n- [ARENA Tutorials](https://arena.education/course/intro)\n"
        "- [Intro to ML](https://www.cs.example.edu/ml/)\n- [A talk](https://youtu.be/abc)\n",
        id="courses-and-videos",
    ),
    pytest.param(
        "Read [the survey](https://arxiv.org/abs/2407.02646) first, then the papers it cites "
        "in order of publication.\n",
        id="a-paper-mentioned-in-prose",
    ),
]


@pytest.mark.parametrize("text", NOT_PAPERS)
def test_not_a_paper(text):
    assert read(text).items == []


def test_a_title_line_is_not_joined_to_the_author_line_below_it():
    item = only(
        "- Pruning Graph Networks Early\n  Ann Lee, Bo Chen. ICML 2021. "
        "[[pdf]](https://arxiv.org/pdf/2101.00004.pdf)\n"
    )
    assert (item.title, item.authors) == ("Pruning Graph Networks Early", ["Ann Lee", "Bo Chen"])


def test_tools_are_left_out_with_a_reason():
    reading = read("## Tools\n- [CircuitsVis](https://github.com/TransformerLensOrg/CircuitsVis)\n")
    assert [(item.line, item.why_not) for item in reading.not_papers] == [
        (2, "a tool or link (it links code only)")
    ]


def test_a_blog_post_among_papers_is_a_paper_but_a_section_of_blog_posts_is_not():
    reading = read(
        """
        ## Methods
        - [Path Patching](https://arxiv.org/abs/2304.05969)
        - [Attribution Patching](https://www.neelnanda.io/mechanistic-interpretability/attribution-patching)

        ## Reading
        - [A Blog Post](https://example.com/posts/one)
        - [Another Blog Post](https://example.com/posts/two)
        """
    )
    assert [item.title for item in reading.items] == ["Path Patching", "Attribution Patching"]
    assert [item.title for item in reading.not_papers] == ["A Blog Post", "Another Blog Post"]


def test_a_list_item_that_links_a_paper_but_names_no_title_is_reported():
    reading = read("- [Paper](https://arxiv.org/abs/2401.00001) [Code](https://github.com/a/b)\n")
    assert reading.items == []
    assert [(unread.line, unread.why) for unread in reading.unread] == [
        (1, "links a paper but names no title")
    ]


def test_html_anchors_in_list_items_to_arxiv_html_pages_are_papers():
    # arXiv/arxiv-docs, source/about/accessibility_html_papers.md
    item = only(
        '- <a href="https://browse.arxiv.org/latexml/2308.05590v2/2308.05590v2.html">'
        "Budget equations and astrophysical nonlinear mean-field dynamos</a>\n"
    )
    assert (item.title, item.arxiv) == (
        "Budget equations and astrophysical nonlinear mean-field dynamos",
        "2308.05590",
    )


def test_an_ieee_pdf_viewer_link_is_a_paper_link():
    # AlenUbuntu/awesome-vision-translation: `[[pdf](https://ieeexplore.ieee.org/stamp/…)]`
    item = only(
        "**Neural font style transfer**<br>\n*G. Atarsaikhan*, *B. K. Iwana*<br>\n"
        "ICDAR, 2017, [[pdf](https://ieeexplore.ieee.org/stamp/stamp.jsp?tp=&arnumber=8270274)]\n"
    )
    assert item.url == "https://ieeexplore.ieee.org/stamp/stamp.jsp?tp=&arnumber=8270274"
    assert item.strength == "strong"


def test_short_name_quoted_title_and_an_organisation_in_italic_parentheses():
    # cmhungsteve/Awesome-Transformer-Attention: `* **Abbrev**: "Title", Venue, Year (*Org*).`;
    # `?` where a paper has no short name.
    reading = read(
        """
        * **CXV**: "Convolutional Xformers for Vision", arXiv, 2022 (*IIT Bombay*). [[Paper](https://arxiv.org/abs/2201.10271)][[PyTorch](https://github.com/pranavphoenix/CXV)]
        * **?**: "Adversarial Robustness Comparison of Vision Transformer and MLP-Mixer to CNNs", BMVC, 2021 (*KAIST*). [[Paper](https://arxiv.org/abs/2110.02797)]
        * **AutoProg**: "Automated Progressive Learning for Efficient Training of Vision Transformers", CVPR, 2022 (*Monash University, Australia*). [[Paper](https://arxiv.org/abs/2203.14509)]
        """
    )
    assert [(i.title, i.authors, i.venue, i.year) for i in reading.items] == [
        ("CXV: Convolutional Xformers for Vision", [], "", 2022),
        ("Adversarial Robustness Comparison of Vision Transformer and MLP-Mixer to CNNs", [],
         "BMVC", 2021),
        ("AutoProg: Automated Progressive Learning for Efficient Training of Vision Transformers",
         [], "CVPR", 2022),
    ]  # fmt: skip


def test_a_title_linking_the_lists_own_notes_and_a_dated_title():
    # dennybritz/deeplearning-papernotes: the title links a notes file, the paper is [arXiv]
    reading = read(
        """
        - [Teaching Machines to Read and Comprehend (2015-11)](teaching-machines.md) [[arxiv](http://arxiv.org/abs/1506.03340)]
        - Neural Turing Machines (2014-12) [[arxiv](http://arxiv.org/abs/1410.5401)]
        """
    )
    assert [(i.title, i.arxiv, i.year, i.month) for i in reading.items] == [
        ("Teaching Machines to Read and Comprehend", "1506.03340", 2015, 11),
        ("Neural Turing Machines", "1410.5401", 2014, 12),
    ]


def test_a_checkbox_and_topic_labels_before_a_title_are_not_the_title():
    # batermj/data_sciences_campaign, DeepLearning/Top_10K_Papers_List.md
    item = only(
        "+ [ ] [AI] [HCI] Generative Agents: Interactive Simulacra of Human Behavior, "
        "https://arxiv.org/abs/2304.03442, https://github.com/joonspk-research/generative_agents\n"
    )
    assert (item.title, item.arxiv, item.code) == (
        "Generative Agents: Interactive Simulacra of Human Behavior",
        "2304.03442",
        "https://github.com/joonspk-research/generative_agents",
    )


def test_names_in_lower_case_before_a_quoted_title_do_not_become_the_title():
    # kjw0612/awesome-deep-vision: `Names, "Title", Venue Year. [[Paper](…)]`
    item = only(
        '* Michael Mathieu, camille couprie, Yann Lecun, "Deep Multi Scale Video Prediction '
        'Beyond Mean Square Error", ICLR 2016. [[Paper](http://arxiv.org/pdf/1511.05440v6.pdf)]\n'
    )
    assert (item.title, item.venue, item.year, item.arxiv) == (
        "Deep Multi Scale Video Prediction Beyond Mean Square Error",
        "ICLR",
        2016,
        "1511.05440",
    )


def test_papers_under_topic_bullets_of_a_course_schedule_and_no_encyclopedia_pages():
    # A course page (Weinan E's "Mathematical Theory of Neural Network Models", a code-search
    # excerpt): each lecture a bullet, its readings sub-bullets; slides and Wikipedia are no papers.
    reading = read(
        """
        #### Week 1
        - Thu 7/4: Overview of mathematical theory for neural network models
            - [Slide of Prof. E](slide/overview.pdf)
            - [A priori estimates](https://en.wikipedia.org/wiki/A_priori_estimate)
            - [Barron spaces and the Compositional function spaces for neural network models](https://arxiv.org/abs/1906.08039)
        - Fri 7/5: Rademacher complexity
        #### Week 3
        - Tue 7/16: Explicit and implicit regularization for two-layer neural networks
            - [A priori estimates of the population risk for two-layer neural networks](https://arxiv.org/abs/1810.06397)
        """
    )
    assert [(item.title, item.arxiv) for item in reading.items] == [
        ("Barron spaces and the Compositional function spaces for neural network models",
         "1906.08039"),
        ("A priori estimates of the population risk for two-layer neural networks", "1810.06397"),
    ]  # fmt: skip


def test_year_and_venue_inside_the_link_text_after_the_title():
    # Librettists/TextsGraphCompare README: `1. [Title, 2021, NIPS](url)`
    reading = read(
        """
        1. [Topic Modeling Revisited: A Document Graph-based Neural Network Perspective, 2021, NIPS](https://proceedings.neurips.cc/paper/2021/hash/7b6982e584636e6a1cda934f1410299c-Abstract.html)
        3. [GraphTMT: Unsupervised Graph-based Topic Modeling from Video Transcripts, 2021](https://arxiv.org/pdf/2105.01466.pdf)
        """
    )
    assert [(item.title, item.venue, item.year) for item in reading.items] == [
        ("Topic Modeling Revisited: A Document Graph-based Neural Network Perspective", "NIPS",
         2021),
        ("GraphTMT: Unsupervised Graph-based Topic Modeling from Video Transcripts", "", 2021),
    ]  # fmt: skip


def test_a_definition_list_of_papers_in_prose():
    # A language project's README (System Fω, a code-search excerpt): papers as `<dl>` terms
    # with their authors as the description (a lone name too), one `</dt>` left out.
    reading = read(
        """
        Here are a couple of papers using such an approach:

        <blockquote>
          <dl>
            <dt><a href="https://arxiv.org/abs/1206.5386">Elaborating Intersection and Union Types</a>
            <dd>Jana Dunfield</dd>
          </dl>
          <dl>
            <dt><a href="https://dl.acm.org/doi/abs/10.1145/3342713">Lambda: the ultimate sublanguage (experience report)</a></dt>
            <dd>Jeremy Yallop, Leo White<br><a href="https://github.com/ocamllabs/fomega">System Fω interpreter</a><dd>
          </dl>
        </blockquote>
        """
    )
    assert [(i.title, i.arxiv, i.doi, i.authors, i.code) for i in reading.items] == [
        ("Elaborating Intersection and Union Types", "1206.5386", None, ["Jana Dunfield"], ""),
        ("Lambda: the ultimate sublanguage (experience report)", None, "10.1145/3342713",
         ["Jeremy Yallop", "Leo White"], "https://github.com/ocamllabs/fomega"),
    ]  # fmt: skip


def test_a_table_cell_that_opens_with_a_bold_name_and_a_local_pdf_link():
    # xythink/provenance-graph-papers (a code-search excerpt): `**Name**: Title` cells,
    # venues as `S&P'24`, a paper kept as a PDF in the repository.
    reading = read(
        """
        | Paper | Venue | PDF | Highlights |
        |-------|-------|-----|------------|
        | **Sometimes Simpler is Better: A Comprehensive Analysis of State-of-the-Art PIDS** | USENIX Sec'25 | [pdf](Bilot_SoK_2025.pdf) | 首个全面 PIDS SoK |

        | # | Paper | Venue | Links | Key Technique |
        |---|-------|-------|-------|---------------|
        | 1 | **KAIROS**: Practical Intrusion Detection and Investigation using Whole-system Provenance | S&P'24 | [arxiv](https://arxiv.org/abs/2308.05034) · [pdf](KAIROS_2024.pdf) | 时序因果 GNN |
        | 7 | **Semantic-Aware APT Detection** Using Autoencoders on LLM-Encoded System Logs | arXiv'26 | [arxiv](https://arxiv.org/abs/2602.00204) | LLM 编码日志 |
        """
    )
    assert [(i.title, i.venue, i.year, i.arxiv) for i in reading.items] == [
        ("Sometimes Simpler is Better: A Comprehensive Analysis of State-of-the-Art PIDS",
         "USENIX Sec", 2025, None),
        ("KAIROS: Practical Intrusion Detection and Investigation using Whole-system Provenance",
         "S&P", 2024, "2308.05034"),
        ("Semantic-Aware APT Detection Using Autoencoders on LLM-Encoded System Logs", "", 2026,
         "2602.00204"),
    ]  # fmt: skip


def test_a_model_table_whose_paper_column_links_the_venue():
    # QSong-github/MVCBench README: `| **Model** | [Venue Year](paper) | [GitHub](…) | stars |`
    reading = read(
        """
        | Model | Paper | Code | Stars |
        | :--- | :--- | :--- | :--- |
        | **KPGT** | [Nat. Commun. 2023](https://www.nature.com/articles/s41467-023-43214-1) | [GitHub](https://github.com/lihan97/kpgt) | ![Stars](https://img.shields.io/github/stars/lihan97/kpgt.svg?style=social) |
        | **Mole-BERT** | [ICLR 2023](https://openreview.net/forum?id=jevY-DtiZTR) | [GitHub](https://github.com/junxia97/Mole-BERT) | ![Stars](https://img.shields.io/github/stars/junxia97/Mole-BERT.svg?style=social) |
        """
    )
    assert [(i.title, i.url, i.venue, i.year, i.code) for i in reading.items] == [
        ("KPGT", "https://www.nature.com/articles/s41467-023-43214-1", "Nat. Commun", 2023,
         "https://github.com/lihan97/kpgt"),
        ("Mole-BERT", "https://openreview.net/forum?id=jevY-DtiZTR", "ICLR", 2023,
         "https://github.com/junxia97/Mole-BERT"),
    ]  # fmt: skip


def test_a_venue_and_year_before_the_title_with_a_comma_and_bold_names_inside_it():
    # YanjieZe/Paper-List README: `- Venue Year[ remark], Title, [arXiv](…) / [Website](…)`,
    # a bold short name opening the title or bold words inside it.
    reading = read(
        """
        # Recent Random Papers
        - arXiv 2023.10, Learning to (Learn at Test Time), [arXiv](https://arxiv.org/abs/2310.13807) / [Github](https://github.com/test-time-training/mttt)
        - CoRL 2023 workshop, **FMB**: a Functional Manipulation Benchmark for Generalizable Robotic Learning, [OpenReview](https://openreview.net/pdf?id=055oRimwls) / [Website](https://sites.google.com/view/manipulationbenchmark)
        - ICML 2022, The **primacy bias** in deep reinforcement learning, [arXiv](https://arxiv.org/abs/2205.07802)
        - arXiv 2023.10, **TD-MPC2**: Scalable, Robust World Models for Continuous Control, [arXiv](https://arxiv.org/abs/2310.16828) / [Github](https://github.com/nicklashansen/tdmpc2)
        - SIGGRAPH 2023 best paper, 3D Gaussian Splatting for Real-Time Radiance Field Rendering, [Website](https://repo-sam.inria.fr/fungraph/3d-gaussian-splatting/)
        """
    )
    assert [(i.title, i.arxiv, i.venue, i.year) for i in reading.items] == [
        ("Learning to (Learn at Test Time)", "2310.13807", "", 2023),
        ("FMB: a Functional Manipulation Benchmark for Generalizable Robotic Learning", None,
         "CoRL workshop", 2023),
        ("The primacy bias in deep reinforcement learning", "2205.07802", "ICML", 2022),
        ("TD-MPC2: Scalable, Robust World Models for Continuous Control", "2310.16828", "",
         2023),
        ("3D Gaussian Splatting for Real-Time Radiance Field Rendering", None, "SIGGRAPH", 2023),
    ]  # fmt: skip


def test_the_document_title_linking_its_author_is_no_entry():
    # YanjieZe/Paper-List README: `# A Paper List of [Name](homepage)` over venue links.
    reading = read(
        """
        # A Paper List of [Yanjie Ze](https://yanjieze.com/)

        Papers:
        - 2022
          - [NeurIPS 2022](https://neurips.cc/virtual/2022/papers.html?filter=titles)

        # Recent Random Papers
        - ICML 2022, The **primacy bias** in deep reinforcement learning, [arXiv](https://arxiv.org/abs/2205.07802)
        """
    )
    assert [item.title for item in reading.items] == [
        "The primacy bias in deep reinforcement learning"
    ]


def test_table_titles_linking_the_lists_own_notes_beside_date_and_venue_columns():
    # liuyaojialiuyaojia/Awesome-LLM-Security-Paper README: each title links a notes file.
    reading = read(
        """
        ## Jailbreaking

        | Title | Date | Published | Tag |
        |-------|------|-----------|-----|
        | [Don’t Listen To Me: Understanding and Exploring Jailbreak Prompts of Large Language Models](paper_list/Don't_Listen_To_Me:_Understanding_and_Exploring_Jailbreak_Prompts_of_Large_Language_Models.md) | 2023.3.26 | USENIX Security 2024 | Experiment Attack |
        | [Bag of Tricks for Training Data Extraction from Language Models](paper_list/Bag_of_Tricks_for_Training_Data_Extraction_from_Language_Models.md) | 2023.2.9 | arXiv | Experiment Attack |
        """
    )
    assert [(i.title, i.url, i.venue, i.year) for i in reading.items] == [
        ("Don’t Listen To Me: Understanding and Exploring Jailbreak Prompts of Large Language "
         "Models", "", "USENIX Security", 2024),
        ("Bag of Tricks for Training Data Extraction from Language Models", "", "", 2023),
    ]  # fmt: skip


def test_a_table_of_links_to_the_lists_own_pages_is_still_navigation():
    # OSU-NLP-Group/GUI-Agents-Paper-List README: a row of local links only.
    reading = read(
        """
        ## Papers Grouped by Environments
        | [Web](paper_by_env/paper_web.md) | [Mobile](paper_by_env/paper_mobile.md) | [Desktop](paper_by_env/paper_desktop.md) |
        |------|------|------|
        """
    )
    assert reading.items == [] and reading.not_papers == [] and reading.unread == []


def test_titles_without_links_beside_titles_with_a_venue_and_year():
    # LumingSun/ML4DB-paper-list README: `* Title (Venue Year)`, no links; one item gives
    # no venue or year, one a CJK parenthesis, one a remark in brackets.
    reading = read(
        """
        ### Configuration Tuning
        * SARD: A statistical approach for ranking database tuning parameters (ICDEW, 2008)
        * Regularized Cost-Model Oblivious Database Tuning with Reinforcement Learning （2016）
        * External vs. Internal : An Essay on Machine Learning Agents for Autonomous Database Management Systems
        * A Unified Transferable Model for ML-Enhanced DBMS [Vision] (arXiv 2021)
        * The Case for NLP-Enhanced Database Tuning: Towards Tuning Tools that "Read the Manual" (VLDB 2021)
        """
    )
    assert [(i.title, i.venue, i.year) for i in reading.items] == [
        ("SARD: A statistical approach for ranking database tuning parameters", "ICDEW", 2008),
        ("Regularized Cost-Model Oblivious Database Tuning with Reinforcement Learning", "", 2016),
        ("External vs. Internal : An Essay on Machine Learning Agents for Autonomous Database "
         "Management Systems", "", None),
        ("A Unified Transferable Model for ML-Enhanced DBMS [Vision]", "", 2021),
        ('The Case for NLP-Enhanced Database Tuning: Towards Tuning Tools that "Read the Manual"',
         "VLDB", 2021),
    ]  # fmt: skip


def test_lines_of_text_among_notes_are_not_entries():
    # OSU-NLP-Group/GUI-Agents-Paper-List README: the topics a list covers, no papers.
    reading = read(
        """
        This repo covers a variety of papers related to GUI Agents, such as:
        - Datasets
        - Vision, language, multimodal foundation models (with explicit support for GUI)
        - Works in general domains extensively used by GUI Agents (e.g., SoM prompting)
        """
    )
    assert reading.items == [] and reading.not_papers == []


def test_a_bold_title_with_a_glued_venue_year_over_a_paragraph_of_badges():
    # kaist-silab/awesome-graph-pde README: `**Title**. ICML19.`, then HTML badge links.
    item = only(
        """
        ### Graph Neural Network Models

        **Graph Element Networks: adaptive, structured computation and memory**. ICML19.

        <a href="http://arxiv.org/abs/1904.09019" target="_blank"><img alt="link" src="https://img.shields.io/badge/-Link-informational?&style=flat&logoColor=white"/></a> <a href="http://arxiv.org/abs/1904.09019" target="_blank"><img alt="Arxiv" src="https://img.shields.io/badge/-1904.09019-b31b1b?&style=flat&logo=arXiv&logoColor=white"/></a> <a href="https://github.com/FerranAlet/graph_element_networks" target="_blank"><img alt="Github" src="https://img.shields.io/badge/-Code-black?&style=flat&logo=github&logoColor=white"/></a>

        > Traditional applications of GNNs assume an *a priori* notion of entity.
        """
    )
    assert (item.title, item.arxiv, item.venue, item.year, item.code) == (
        "Graph Element Networks: adaptive, structured computation and memory",
        "1904.09019",
        "ICML",
        2019,
        "https://github.com/FerranAlet/graph_element_networks",
    )


def test_authors_after_a_title_in_angle_brackets_behind_a_tag():
    # apexrl/RL-Exploration-Paper-Lists README: `* [TAG] <[Title](url)> by A and B, Year.`
    reading = read(
        """
        ### Provable Algorithms

        * [POKER] <[Multi-armed bandit algorithms and empirical evaluation](https://link.springer.com/content/pdf/10.1007/11564096_42.pdf)> by Joannes Vermorel and Mehryar Mohri, 2005

        * **[RND]** <[Exploration by random network distillation](https://arxiv.org/pdf/1810.12894.pdf)> by Burda, Yuri and Edwards, Harrison and Storkey, Amos and Klimov, Oleg, 2018.

        * **[UCT]** <[Monte-Carlo exploration for deterministic planning](https://www.aaai.org/ocs/index.php/IJCAI/IJCAI-09/paper/viewPaper/470)> by Hootan Nakhost and Martin Müller, 2009
        """
    )
    assert [(i.title, i.authors, i.year) for i in reading.items] == [
        ("Multi-armed bandit algorithms and empirical evaluation",
         ["Joannes Vermorel", "Mehryar Mohri"], 2005),
        ("Exploration by random network distillation",
         ["Yuri Burda", "Harrison Edwards", "Amos Storkey", "Oleg Klimov"], 2018),
        ("Monte-Carlo exploration for deterministic planning",
         ["Hootan Nakhost", "Martin Müller"], 2009),
    ]  # fmt: skip


def test_a_year_range_in_a_title_stays_in_it():
    # apexrl/RL-Exploration-Paper-Lists README.
    item = only(
        """
        * <[Formal Theory of Creativity, Fun, and Intrinsic Motivation (1990-2010)](https://www.ece.uvic.ca/~bctill/papers/ememcog/Schmidhuber_2010.pdf)> by Jürgen Schmidhuber, 2010.
        """
    )
    assert (item.title, item.authors, item.year) == (
        "Formal Theory of Creativity, Fun, and Intrinsic Motivation (1990-2010)",
        ["Jürgen Schmidhuber"],
        2010,
    )


def test_a_bracketed_remark_after_a_title_is_no_venue():
    # EgoAlpha/prompt-in-context-learning PaperList: `[**Title [Vision Paper]**](arXiv)`;
    # the arXiv title has the remark too. An organisation in brackets is where it appeared.
    vision = only(
        """
        [**Towards Foundation Models for Relational Databases [Vision Paper]**](https://arxiv.org/abs/2305.15321) （**2023.05.24**）
        """
    )
    assert (vision.title, vision.venue, vision.year) == (
        "Towards Foundation Models for Relational Databases [Vision Paper]",
        "",
        2023,
    )


def test_books_news_and_slides_are_reported_not_imported():
    # batermj Top_10K_Papers_List (a book, news), SonarStereo ML.md (course slides): each is
    # left out with what it is, so the maintainer sees it; the papers beside them stay.
    reading = read(
        """
        ## Milestone of Paper Reproduction
        + [ ] [LLM] [Agent] Reflexion: Language Agents with Verbal Reinforcement Learning, https://arxiv.org/abs/2303.11366
        + [ ] [LLM] [Book] Build a Large Language Model (From Scratch), https://www.manning.com/books/build-a-large-language-model-from-scratch
        + [ ] [LLM] [News] Apple quietly released an open source multimodal LLM in October, https://venturebeat.com/ai/apple-quietly-released-an-open-source-multimodal-llm-in-october/
        + [ ] [AI4Science] NASA and IBM Openly Release Geospatial AI Foundation Model for NASA Earth Observation Data, https://www.earthdata.nasa.gov/news/impact-ibm-hls-foundation-model

        ## Графовые нейросети
        * [Graph Neural Networks (Дания)](https://www.nbi.dk/~petersen/Teaching/ML2024/Week3/GNNs_Danish.pdf)
        """
    )
    assert [item.title for item in reading.items] == [
        "Reflexion: Language Agents with Verbal Reinforcement Learning"
    ]
    assert [(item.title, item.why_not) for item in reading.not_papers] == [
        ("Build a Large Language Model (From Scratch)", "a book"),
        ("Apple quietly released an open source multimodal LLM in October", "a news article"),
        ("NASA and IBM Openly Release Geospatial AI Foundation Model for NASA Earth Observation "
         "Data", "a news article"),
        ("Graph Neural Networks (Дания)", "slides or lecture notes"),
    ]  # fmt: skip


def test_a_numbered_bold_title_then_venue_and_authors_paragraphs_and_a_bibtex_block():
    # An awesome model-quantization list (code index id 61939816062): `**1. Title**` with
    # star-count badges, `**Venue:**` and `**Authors:**` paragraphs, an image, the BibTeX in
    # `<details>`; then `\[[ICLR](…)] Title \[[code](…) ⭐ …]` items under a year heading.
    reading = read(
        r"""
        ## Benchmarks

        **1. BiBench: Benchmarking and Analyzing Network Binarization** \[[Paper](https://proceedings.mlr.press/v202/qin23a.html)] \[[Code](https://github.com/htqin/BiBench) ⭐ 55 | 🐛 3 | 🌐 Python | 📅 2024-03-04] [![GitHub stars](https://img.shields.io/github/stars/htqin/BiBench?style=social)](https://github.com/htqin/BiBench) ⭐ 55 | 🐛 3 | 🌐 Python | 📅 2024-03-04

        **Venue:** ICML 2023

        **Authors:** Haotong Qin, Mingyuan Zhang, Yifu Ding, Aoyu Li, Zhongang Cai, Ziwei Liu, Fisher Yu, Xianglong Liu.

        ![survey](./Imgs/bibench.png)

        <details><summary>Bibtex</summary><pre><code>@inproceedings{qin2023bibench,
          title={BiBench: Benchmarking and Analyzing Network Binarization},
          year={2023}
        }</code></pre></details>

        ## Papers

        ### 2026

        * \[[ICLR](https://arxiv.org/abs/2510.11696)] QeRL: Beyond Efficiency - Quantization-enhanced Reinforcement Learning for LLMs \[[code](https://github.com/NVlabs/QeRL) ⭐ 516 | 🐛 10 | 🌐 Python | 📅 2026-03-30] [![GitHub stars](https://img.shields.io/github/stars/NVlabs/QeRL?style=social)](https://github.com/NVlabs/QeRL) ⭐ 516 | 🐛 10 | 🌐 Python | 📅 2026-03-30
        * \[[ICLR](https://openreview.net/forum?id=HD7tuVakmR)] Quant-dLLM: Post-Training Extreme Low-Bit Quantization for Diffusion Large Language Models
        """
    )
    assert [(i.title, i.authors[:2], i.venue, i.year, i.arxiv) for i in reading.items] == [
        ("BiBench: Benchmarking and Analyzing Network Binarization",
         ["Haotong Qin", "Mingyuan Zhang"], "ICML", 2023, None),
        ("QeRL: Beyond Efficiency - Quantization-enhanced Reinforcement Learning for LLMs", [],
         "ICLR", 2026, "2510.11696"),
        ("Quant-dLLM: Post-Training Extreme Low-Bit Quantization for Diffusion Large Language "
         "Models", [], "ICLR", 2026, None),
    ]  # fmt: skip
    assert reading.items[0].code == "https://github.com/htqin/BiBench"


def test_a_date_heading_gives_a_year_not_a_category():
    # Meirtz/Awesome-LLM-Model-Editing README: `### 2024-10-09` over the day's papers,
    # each a numbered linked heading and a `**Summary**:` paragraph.
    reading = read(
        """
        ## Daily Updates

        ### 2024-10-09

        ### 1. [Neurosymbolic AI approach to Attribution in Large Language Models](https://arxiv.org/pdf/2410.03726)
        **Summary**: The paper proposes a Neurosymbolic AI (NesyAI) approach to improve attribution in large language models (LLMs).

        ### 20. [Augmenting Black-box LLMs with Medical Textbooks for Biomedical Question Answering (Published in Findings of EMNLP 2024)](https://arxiv.org/pdf/2309.02233)
        **Summary**: The paper introduces LLM-AMT.
        """
    )
    assert [(i.title, i.section, i.venue, i.year) for i in reading.items] == [
        ("Neurosymbolic AI approach to Attribution in Large Language Models", ("Daily Updates",),
         "", 2024),
        ("Augmenting Black-box LLMs with Medical Textbooks for Biomedical Question Answering",
         ("Daily Updates",), "Findings of EMNLP", 2024),
    ]  # fmt: skip


def test_dated_news_lines_are_not_entries():
    # nick7nlp/Awesome-LLM-On-Policy-Distillation README: `* **2026.06.18**: … [arXiv](…)`.
    reading = read(
        """
        ## 🔥 News

        * **2026.06.18**: 📊 Survey **V4** released with 72 new OPD papers, full-text review and AI-trace audit, updated taxonomy tree and method tables. Read on [arXiv](https://arxiv.org/abs/2604.00626).
        * **2026.04.01**: 📝 Initial release of the survey on [arXiv](https://arxiv.org/abs/2604.00626) with the first systematic taxonomy of OPD methods covering objective design, signal source, and training stabilization.
        """
    )
    assert reading.items == [] and reading.not_papers == []


def test_a_heading_link_over_a_paragraph_of_preprint_and_venue():
    # inspire-group/adv-patch-paper-list README: `#### [Title](arXiv)`, then `arXiv 1801;
    # ICML 2018` or `arXiv 1712; NeurIPS workshop 2017`, then numbered notes.
    reading = read(
        """
        ### Attacks

        #### [LaVAN: Localized and Visible Adversarial Noise](https://arxiv.org/abs/1801.02608)

        arXiv 1801; ICML 2018

        1. Seems to be a concurrent work (?) as "Adversarial Patch"
        2. Digital domain attack

        #### [Adversarial Patch](https://arxiv.org/abs/1712.09665)

        arXiv 1712; NeurIPS workshop 2017

        1. **The first paper** that explicitly introduces the concept of **adversarial patch** attacks
        """
    )
    assert [(i.title, i.arxiv, i.venue, i.year) for i in reading.items] == [
        ("LaVAN: Localized and Visible Adversarial Noise", "1801.02608", "ICML", 2018),
        ("Adversarial Patch", "1712.09665", "NeurIPS workshop", 2017),
    ]


def test_a_table_row_linking_a_paper_whose_title_cannot_be_read_is_named():
    # lihuirui/awesome-llm-time-series-foundation-models-survey README: a model named in math.
    reading = read(
        """
        | Model | Group | Venue / Year | Paper & Code |
        | :--- | :--- | :---: | :---: |
        | **$t_0$** | ETH Zurich / Invenia Labs | arXiv 2026 | [📄 Paper](https://arxiv.org/abs/2609.24559)<br/>🔒 Proprietary |
        """
    )
    assert reading.items == []
    assert [(u.line, u.why) for u in reading.unread] == [(4, "links a paper but names no title")]


def test_a_book_over_its_links_and_authors_is_reported_as_a_book():
    # dbobrenko/awesome-rl README: a bold title over an unindented list of its links.
    reading = read(
        """
        ## Books
        :star: **Reinforcement Learning: An Introduction** (Complete Draft)
          - [[pdf](http://incompleteideas.net/sutton/book/bookdraft2017nov5.pdf)]
          - Richard S. Sutton and Andrew G. Barto (2017)
        """
    )
    assert reading.items == [] and reading.unread == []
    assert [(item.title, item.why_not) for item in reading.not_papers] == [
        ("Reinforcement Learning: An Introduction", "a book")
    ]


def test_a_title_with_a_bold_name_wrapped_onto_a_second_line():
    # YanjieZe/Paper-List README: the title goes on after a soft line break, then a comma
    # and the links.
    item = only(
        """
        - arXiv 2023.06, **DreamSim**: Learning New Dimensions of
        Human Visual Similarity using Synthetic Data, [arXiv](https://arxiv.org/abs/2306.09344) / [Website](https://dreamsim-nights.github.io/)
        """
    )
    assert (item.title, item.arxiv, item.year) == (
        "DreamSim: Learning New Dimensions of Human Visual Similarity using Synthetic Data",
        "2306.09344",
        2023,
    )


def test_a_quoted_title_after_a_methods_short_name_takes_the_venue_named_after_it():
    """`* DiMP: "Title" ICCV. [[Paper]](…)` under `## 2019`: the quotes hold the title, the
    short name is the method's; a venue's name alone after the title is its venue, the
    year heading its year. A quoted word inside a title (`ClawSafety: "Safe" LLMs`) is
    no title of its own."""
    reading = read(
        """
        * ClawSafety: "Safe" LLMs, Unsafe Agents [Paper](https://arxiv.org/abs/2604.01438)

        ## 2019
        * DiMP: "Learning Discriminative Model Prediction for Tracking" ICCV. [[Paper]](http://openaccess.thecvf.com/content_ICCV_2019/html/Bhat_Learning_Discriminative_Model_Prediction_for_Tracking_ICCV_2019_paper.html) [[Code]](https://github.com/visionml/pytracking)
          将相关滤波跟踪范式设计成端到端可训练的在线目标分类分支
        * LMCF:"Large Margin Object Tracking with Circulant Feature Maps" CVPR. [[Paper]](http://openaccess.thecvf.com/content_cvpr_2017/html/Wang_Large_Margin_Object_CVPR_2017_paper.html)
        * "Staple: Complementary Learners for Real-Time Tracking" CVPR.
          提出了颜色直方图作为补充学习特征，增强跟踪效果
        * CN: "Adaptive Color Attributes for Real-Time Visual Tracking" CVPR (Oral). [[Paper]](http://openaccess.thecvf.com/content_cvpr_2014/html/Danelljan_Adaptive_Color_Attributes_2014_CVPR_paper.html)
        """
    )
    assert [(i.title, i.venue, i.year) for i in reading.items] == [
        ('ClawSafety: "Safe" LLMs, Unsafe Agents', "", None),
        ("Learning Discriminative Model Prediction for Tracking", "ICCV", 2019),
        ("Large Margin Object Tracking with Circulant Feature Maps", "CVPR", 2019),
        ("Staple: Complementary Learners for Real-Time Tracking", "CVPR", 2019),
        ("Adaptive Color Attributes for Real-Time Visual Tracking", "CVPR", 2019),
    ]


@pytest.mark.parametrize(
    ("text", "venue"),
    [("TKDE", "TKDE"), ("IEEE Access.", "IEEE Access"), ("ACM Computing Surveys", "ACM Computing Surveys"),
     ("Survey.", None), ("Nature", None), ("Code", None), ("RLHF, PPO", None), ("(DQN)", None)],
)  # fmt: skip
def test_a_venue_named_without_a_year_needs_an_acronym(text, venue):
    from mibib.importers.details import bare_venue

    tag = bare_venue(text)
    assert (tag.venue if tag else None) == venue


def test_bold_titles_on_consecutive_lines_of_one_paragraph_are_one_entry_each():
    """`**Title** (Venue Year) [[paper]](…) ⭐⭐` line after line with no blank line between:
    each line its own entry; a venue in parentheses after the title names it without a
    year, a method's short name there (`(DQN)`) does not."""
    reading = read(
        """
        ### GPU-CPU Systems
        <a id="GPU-CPU-systems"></a>
        **MoE-Lightning: High-Throughput MoE Inference on Memory-constrained GPUs** (ASPLOS 2025)  [[paper]](https://arxiv.org/pdf/2411.11217) ⭐⭐
        **HybriMoE: Hybrid CPU-GPU Scheduling and Cache Management for Efficient MoE Inference** (DAC 2025) [[paper]](https://arxiv.org/abs/2504.05897)

        # Survey
        1. **Towards Efficient Generative Large Language Model Serving: A Survey from Algorithms to Systems** (ACM Computing Surveys) [[paper]](https://arxiv.org/pdf/2312.15234) ⭐⭐
        2. **Human-level control through deep reinforcement learning** (DQN) [[paper]](https://www.nature.com/articles/nature14236)
        """
    )
    assert [(i.title[:30], i.arxiv, i.venue) for i in reading.items] == [
        ("MoE-Lightning: High-Throughput", "2411.11217", "ASPLOS"),
        ("HybriMoE: Hybrid CPU-GPU Sched", "2504.05897", "DAC"),
        ("Towards Efficient Generative L", "2312.15234", "ACM Computing Surveys"),
        ("Human-level control through de", None, ""),
    ]


def test_a_ruled_divider_over_a_bold_title_paragraph_is_not_its_title():
    """`--- Pre-LLM ---` on the line above `**Title**` / authors / `[Venue](…)`; names
    marked `∗` for equal contribution are names."""
    item = only(
        """
        --- Pre-LLM ---
        **UniChart: A Universal Vision-language Pretrained Model for Chart Comprehension and Reasoning**
        Ahmed Masry∗, Parsa Kavehzadeh∗, Xuan Long Do, Enamul Hoque, Shafiq Joty
        [EMNLP 2023](https://aclanthology.org/2023.emnlp-main.906.pdf) • [code](https://github.com/vis-nlp/UniChart)
        """
    )
    assert (item.title[:8], item.authors[:2], item.venue, item.year) == (
        "UniChart",
        ["Ahmed Masry", "Parsa Kavehzadeh"],
        "EMNLP",
        2023,
    )


def test_a_bold_title_wrapped_onto_the_next_line_and_an_abbreviated_journal():
    """`**RepeatNet: … Machine**` / `**for Session-based Recommendation.** AAAI, 2019.`
    (two bold spans) and `**SpecGen: … of Formal` / `Program Specifications …**` (one
    broken span) are one title each; `User Model. User-Adapt. Interact., 2017.` is one
    journal, its periods no sentence ends."""
    reading = read(
        """
        6. **RepeatNet: A Repeat Aware Neural Recommendation Machine**
           **for Session-based Recommendation.** AAAI, 2019. [paper](https://arxiv.org/pdf/1812.02646.pdf)

           *Pengjie Ren, Zhumin Chen, Jing Li, Zhaochun Ren, Jun Ma, Maarten de Rijk*

        5. **Session-based item recommendation in e-commerce: on short-term intents, reminders, trends and discounts.** User Model. User-Adapt. Interact., 2017. [paper](https://link.springer.com/article/10.1007/s11257-017-9194-1)

        * [2024/01] **SpecGen: Automated Generation of Formal
          Program Specifications via Large Language Models.** *Ma et al. Arxiv.* [[paper](https://arxiv.org/pdf/2401.08807)]
        """
    )
    assert [(i.title, i.authors[:1], i.venue, i.year) for i in reading.items] == [
        ("RepeatNet: A Repeat Aware Neural Recommendation Machine for Session-based "
         "Recommendation", ["Pengjie Ren"], "AAAI", 2019),
        ("Session-based item recommendation in e-commerce: on short-term intents, reminders, "
         "trends and discounts", [], "User Model. User-Adapt. Interact.", 2017),
        ("SpecGen: Automated Generation of Formal Program Specifications via Large Language "
         "Models", ["Ma"], "", 2024),
    ]  # fmt: skip


def test_a_bold_label_under_a_bold_title_is_not_part_of_it():
    reading = read(
        """
        **Learning to Respond with Stickers in Multi-Turn Dialog**
        **Authors:** Shen Gao, Xiuying Chen
        [paper](https://arxiv.org/abs/2003.04679)
        """
    )
    assert [i.title for i in reading.items] == [
        "Learning to Respond with Stickers in Multi-Turn Dialog"
    ]


def test_a_title_whose_link_was_left_empty_is_still_the_title():
    """`[Title]()` in a table's title column, `**Title.** DaWaK, 2020. [paper]()`: an empty
    link is no table of contents and no title of its own; a course named by an empty link
    beside its videos and slides is still left out."""
    reading = read(
        """
        |paper|源码|收录|简介|笔记|
        |:-:|:-:|:-:|:-:|:-:|
        |[Learning Transferable Visual Models From Natural Language Supervision]()|[code](https://github.com/OpenAI/CLIP)|ICML 2021|**CLIP**; 对比学习; Zero-shot|-|

        ### Features

        5. **Mining frequent seasonal gradual patterns.** DaWaK, 2020. [paper]()

           *Jerry Lonlac, Arnaud Doniec, Marin Lujak, Stephane Lecoeuche*

        ## Courses
        - [NTU MLDS](), [Video](https://www.bilibili.com/video/BV124411S7au/), [Slides](http://speech.ee.ntu.edu.tw/~tlkagk/courses_MLDS18.html), 2018
        """
    )
    assert [(i.title, i.venue, i.year) for i in reading.items] == [
        ("Learning Transferable Visual Models From Natural Language Supervision", "ICML", 2021),
        ("Mining frequent seasonal gradual patterns", "DaWaK", 2020),
    ]
    assert [n.title for n in reading.not_papers] == ["NTU MLDS"]


def test_a_korean_table_of_papers_with_breaks_in_titles_and_dates_written_year_dot_month():
    """`| 2014. 1. | 정보과학회논문지 | [지배소 후위 집합을 이용한<br />한국어 …](…) |`: the break
    inside the link is a space, `2014. 1.` a date, the venue column's name read as written
    (any script), and a row whose paper cell holds only a title is a paper of the table."""
    reading = read(
        """
        | Date      | Conference<br />/Journal       | Paper                                    | Metric                                   | Dataset   |
        | --------- | ------------------------------ | ---------------------------------------- | ---------------------------------------- | --------- |
        | 2008. 10. | HCLT                           | CRFs를 이용한 강건한 한국어 의존구조 분석                | UAS:87.30                                | 세종+KIB    |
        | 2014. 1.  | 정보과학회논문지                       | [지배소 후위 집합을 이용한<br />한국어 의존 구문 분석 알고리즘](http://kiise.or.kr/e_journal/2014/1/SA/pdf/09.pdf) | UAS:87.52                                | 세종        |
        |           |                                | 신경망과 제약만족 알고리즘을 이용한 한국어 구문분석             |                                          |           |
        """
    )
    assert [(i.title, i.venue, i.year) for i in reading.items] == [
        ("CRFs를 이용한 강건한 한국어 의존구조 분석", "HCLT", 2008),
        ("지배소 후위 집합을 이용한 한국어 의존 구문 분석 알고리즘", "정보과학회논문지", 2014),
        ("신경망과 제약만족 알고리즘을 이용한 한국어 구문분석", "", None),
    ]


def test_two_papers_in_one_table_cell_cut_by_a_break_are_two_entries():
    """A reading group's `| November 4 | Alex | Pragmatics | [A](…) <br> [B](…) | |` under a
    Hugo page's `+++` header."""
    reading = read(
        """

        +++
        title = 'ETHZ++ NLP Reading Group'
        draft = false
        +++

        ## Reading List 2022

        | Date      | Presenter | Topic | Title | Slides |
        | ----------- | ----------- | ----------- |----------- |--------- |
        | <nobr> November 4 </nobr> | Alex | Pragmatics / RSA | [Pragmatic Language Interpretation as Probabilistic Inference](https://doi.org/10.1016/j.tics.2016.08.005) <br> [Pragmatically Informative Text Generation](https://arxiv.org/pdf/1904.01301.pdf) | |
        | October 21 | Afra | Generation / Decoding | [Diffusion-LM Improves Controllable Text Generation](https://arxiv.org/pdf/2205.14217.pdf) |  |
        """
    )
    assert [(i.title, i.arxiv, i.line) for i in reading.items] == [
        ("Pragmatic Language Interpretation as Probabilistic Inference", None, 12),
        ("Pragmatically Informative Text Generation", "1904.01301", 12),
        ("Diffusion-LM Improves Controllable Text Generation", "2205.14217", 13),
    ]
    assert not reading.unread and not reading.not_papers


def test_hugo_toml_front_matter_is_hidden_like_yaml():
    from mibib.importers.hidden import blank_front_matter

    text = "\n+++\ntitle = 'A'\n+++\n\n- [Paper](https://arxiv.org/abs/2205.14217)\n"
    blanked = blank_front_matter(text)
    assert blanked.count("\n") == text.count("\n") and "title" not in blanked


def test_a_year_alone_or_a_journal_in_parentheses_after_a_linkless_title():
    """`* Title （2016）`, `* Title (2016)`, `* Title (IEEE Transactions on Computers)`: the
    year, the journal; a remark in parentheses (`(CIK Taxonomy)`) stays in the title."""
    reading = read(
        """
        ### Configuration Tuning
        * Regularized Cost-Model Oblivious Database Tuning with Reinforcement Learning （2016）
        * Learning to hash for indexing big data - A survey (2016)
        * TIE: Fast Experiment-driven ML-based Configuration Tuning for In-memory Data Analytics (IEEE Transactions on Computers)
        * CGPTuner: a Contextual Gaussian Process Bandit Approach for the Automatic Tuning of IT Configurations (VLDB 2021)
        * An Inquiry into Machine Learning-based Automatic Configuration Tuning Services on Real-World Database Management Systems (VLDB 2021)
        * Tuning Database Configuration Parameters with iTuned (VLDB 2009)
        * [Your Agent, Their Asset (CIK Taxonomy)](https://arxiv.org/abs/2604.04759)
        """
    )
    assert [(i.title[:30], i.venue, i.year) for i in reading.items] == [
        ("Regularized Cost-Model Oblivio", "", 2016),
        ("Learning to hash for indexing ", "", 2016),
        ("TIE: Fast Experiment-driven ML", "IEEE Transactions on Computers", None),
        ("CGPTuner: a Contextual Gaussia", "VLDB", 2021),
        ("An Inquiry into Machine Learni", "VLDB", 2021),
        ("Tuning Database Configuration ", "VLDB", 2009),
        ("Your Agent, Their Asset (CIK T", "", None),  # the year from its arXiv id later
    ]


def test_italic_first_author_and_venue_and_a_nickname_within_a_name():
    """`*Li et al. NeurIPS.*` gives the first author and the venue; `Hao-Ping (Hank) Lee`
    under a linked title is one name."""
    reading = read(
        """
        * [2023/03] **CAMEL: Communicative Agents for “Mind” Exploration of Large Language Model Society.** *Li et al. NeurIPS.* [[paper](https://arxiv.org/pdf/2303.17760)] [[repo](https://github.com/camel-ai/camel)]

        - [The Impact of Generative AI on Critical Thinking](https://doi.org/10.1145/3706598.3713778)
            - Hao-Ping (Hank) Lee, Advait Sarkar, Lev Tankelevitch
            - Venue: CHI 2025
        """
    )
    assert [(i.authors[:2], i.venue, i.year) for i in reading.items] == [
        (["Li", "others"], "NeurIPS", 2023),
        (["Hao-Ping Lee", "Advait Sarkar"], "CHI", 2025),
    ]


def test_a_repositorys_last_update_date_is_not_the_papers():
    """`\\[[code](…) ⭐ 11 | 🐛 2 | 📅 2025-10-08]` under `### 2026`: the date is the code's."""
    item = only(
        """
        ### 2026
        * \\[[ICLR](https://openreview.net/forum?id=4TAG3aQljJ)] QuantSparse: Comprehensively Compressing Video Diffusion Transformer with Model Quantization and Attention Sparsification \\[[code](https://github.com/wlfeng0509/QuantSparse) ⭐ 11 | 🐛 2 | 📅 2025-10-08]
        """
    )
    assert (item.venue, item.year) == ("ICLR", 2026)


def test_a_venue_tag_with_an_apostrophe_before_its_full_year_and_a_book_among_papers():
    """CPML-paper-list's `[Venue'Year] [Title](…)`: `AAAI'2010` is AAAI 2010; a tag naming a
    book (`[Springer-Book'2015]` on a publisher's book page) makes no paper of it."""
    reading = read(
        """
        #### 1.1 Pattern mining
        - [Springer-Book'2015] [Data mining: the textbook](https://link.springer.com/book/10.1007/978-3-319-14142-8)
        - [WIREs'2017] [A survey of itemset mining](https://wires.onlinelibrary.wiley.com/doi/abs/10.1002/widm.1207)
        - [AAAI'2010] [Constraint programming for data mining and machine learning](https://ojs.aaai.org/index.php/AAAI/article/view/7707)
        """
    )
    assert [(i.title[:26], i.venue, i.year) for i in reading.items] == [
        ("A survey of itemset mining", "WIREs", 2017),
        ("Constraint programming for", "AAAI", 2010),
    ]
    assert [(n.title, n.why_not) for n in reading.not_papers] == [
        ("Data mining: the textbook", "a book")
    ]


def test_a_team_in_an_authors_column_and_the_lists_own_sentence_in_bold():
    """A Korean reference table's `| Qwen Team (Alibaba) |` is one author, braced; a bold
    paragraph that is the list's authors speaking (`📍 **We systematically summarized …**`)
    is no entry."""
    reading = read(
        """
        📍 **We systematically summarized the progress of Agent4SE from the perspectives of both *Software Engineering* tasks and *Agent Architecture*.**

        | # | 논문 | 저자 | 학회/출처 | 링크 |
        |---|------|------|-----------|------|
        | 16 | Qwen2 Technical Report | Qwen Team (Alibaba) | **arXiv 2024** | https://arxiv.org/abs/2407.10671 |
        | 2 | Outrageously Large Neural Networks: The Sparsely-Gated Mixture-of-Experts Layer | Noam Shazeer, Azalia Mirhoseini | **ICLR 2017** | https://arxiv.org/abs/1701.06538 |
        """
    )
    assert [(i.title, i.authors, i.venue, i.year) for i in reading.items] == [
        ("Qwen2 Technical Report", ["{Qwen Team}"], "", 2024),
        ("Outrageously Large Neural Networks: The Sparsely-Gated Mixture-of-Experts Layer",
         ["Noam Shazeer", "Azalia Mirhoseini"], "ICLR", 2017),
    ]  # fmt: skip


def test_a_year_alone_in_a_venue_column_and_a_submission_time_line():
    """friedrichor/Deep-Learning-Paper-List: `| … | 2023 |` under 收录 is the year; a
    `**Submission time:** 2023.06` line under `**Paper:** [Title](…)` dates the paper."""
    reading = read(
        """
        |paper|源码|收录|简介|笔记|
        |:-:|:-:|:-:|:-:|:-:|
        |[Understanding Deep Learning](https://udlbook.github.io/udlbook/)|-|2023|深度学习综述（书）。|-|

        #### **FROMAGe**
        **Paper:** [Grounding Language Models to Images for Multimodal Inputs and Outputs](https://openreview.net/forum?id=ElaajXDEKR)
        **Github:** https://github.com/kohjingyu/fromage
        **Submission time:** 2023.06
        """
    )
    assert [(i.title[:27], i.year) for i in reading.items] == [
        ("Understanding Deep Learning", 2023),
        ("Grounding Language Models t", 2023),
    ]


def test_a_title_cell_opening_by_citing_its_paper():
    """`| 34 | Chi et al., Representation Collapse in … | Zewen Chi, Li Dong | **arXiv 2022** |`:
    the citation before the title is not part of it; the authors column names the authors."""
    reading = read(
        """
        | # | 논문 | 저자 | 학회/출처 | 링크 |
        |---|------|------|-----------|------|
        | 34 | Chi et al., Representation Collapse in Training of Mixture-of-Experts Models | Zewen Chi, Li Dong, Shaohan Huang | **arXiv 2022** | https://arxiv.org/abs/2204.09179 |
        | 35 | Chi et al., Sparse Models in Practice | | **arXiv 2023** | https://arxiv.org/abs/2301.00001 |
        """
    )
    assert [(i.title, i.authors[:2]) for i in reading.items] == [
        ("Representation Collapse in Training of Mixture-of-Experts Models",
         ["Zewen Chi", "Li Dong"]),
        ("Sparse Models in Practice", ["Chi", "others"]),
    ]  # fmt: skip
