def test_list_superposition_shows_its_papers(invoke):
    result = invoke("list", "--category", "superposition")
    assert result.exit_code == 0, result.output
    assert "elhage2022toy" in result.output
    assert "nanda2022transformerlens" not in result.output
