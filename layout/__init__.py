"""Lay out a report's YAML content into print-ready PDFs.

The pipeline, in the order `layout.make.targets.build_all` runs it; each stage is a function
from values to values, and only the first and the last touch the disk::

    content/*.yaml
      -> load      read YAML with line numbers; syntax, duplicate keys   content.load.read_content
      -> validate  raw data -> typed, frozen model; every problem once   content.validate.report
      -> localize  each text in one language, falling back to the source  content.model.Text.get
      -> number    section numbers, agenda letters, footnote numbers     content.number
      -> select    the part of the report a handout needs                content.select
      -> compose   model -> fresh list of ReportLab flowables            typeset.compose
      -> render    flowables -> PDF bytes and page map                   pdf.render.render_pdf
      -> finish    written as PDF/A-2a + PDF/UA-1 as ReportLab saves     pdf.pdfa.pdfa_canvas
      -> separate  its pages in CMYK with bleed (and marks): press pages pdf.pdfx.press_pages
      -> impose    press pages -> saddle-stitch print PDF                pdf.impose.impose_booklet
      -> identify  PDF/X-1a for the press and print editions             pdf.pdfx.identify
      -> write     atomic write into output/, manifest of inputs         files.write_atomic

The packages follow the stages:

- `layout.content`: what the report says. `load` (YAML with positions), `validate` (split by
  what it checks), `model` (the frozen values, msgspec Structs), `markup` (the inline
  syntax), `strings` (interface words), `units` (print-setting limits), `number` and `select`;
  `read.read_report` runs load and validate.
  `sources` is the one gate every file read passes (regular, inside the folder, sized first);
  `images` checks image bytes before layout (pixel limit, full decode, confined SVG).
- `layout.typeset`: how it looks. `colors` (the palette, in CMYK), `styles`, `fonts`,
  `hyphenation` (with `patterns`, pyphen's tables read as words need them), `flowables`,
  `tagged`, `contents` (the contents page, laid out in one pass), `templates`, and `compose`
  with its block builders (`blocks`, `agenda`, `figures`, `context`); `memo` keeps what
  ReportLab made of each paragraph from one `--watch` rebuild to the next. ReportLab starts
  here, after `lazypatterns` (two patterns ReportLab compiles at import, compiled when first
  needed).
- `layout.pdf`: the PDF files. `render` (ReportLab's build), `pdfa` with `structure` and
  `syntax` (the reading edition written as tagged PDF/A by ReportLab itself), `cmyk` and
  `pdfx` (process colour, bleed, marks, PDF/X-1a; pikepdf), `impose` (pypdf).
- `layout.make`: what to build. `options`, `paths`, `digests` and `keys` (digests of inputs),
  `manifest` (keys, sizes and SHA-256 of outputs), `noop` (a build with nothing to do answers
  from the manifest), `lock` (one build per output folder, a flock), `jobs` (one render
  each), `pool` (jobs in worker processes) and `targets` (`build_all`).
- `layout.i18n`: the translators' round trip. `coverage`, `po_export`, `po_import`,
  `writeback` and `yamledit` (targeted edits of the YAML files).
- `layout.files`: the atomic write and debris removal; `layout.diagnostics`: located problems;
  `layout.cli`: the command line that `build.py` and ``python -m layout`` run.
"""
