"""Lay out a report's YAML content into print-ready PDFs.

The pipeline, in the order `layout.targets.build_all` runs it; each stage is a function from
values to values, and only the first and the last touch the disk::

    content/*.yaml
      -> load      read YAML with line numbers; syntax and duplicate-key errors  (load.read_content)
      -> validate  raw data -> typed, frozen model; every problem at once        (validate.to_report)
      -> localize  pick each text's language, fall back to the source            (model.Text.get)
      -> number    section numbers, agenda letters, footnote numbers             (number.number_report)
      -> compose   model -> fresh list of ReportLab flowables                    (compose.compose_booklet)
      -> render    flowables -> PDF bytes and page map                           (render.render_pdf)
      -> write     atomic write into output/                                     (targets.write_atomic)
"""
