"""Lay out a report's YAML content into print-ready PDFs.

The pipeline, in the order `layout.targets.build_all` runs it; each stage is a function from
values to values, and only the first and the last touch the disk::

    content/*.yaml
      -> load      read YAML with line numbers; syntax, duplicate keys    load.read_content
      -> validate  raw data -> typed, frozen model; every problem at once  validate.to_report
      -> localize  each text in one language, falling back to the source  model.Text.get
      -> number    section numbers, agenda letters, footnote numbers       number.number_report
      -> select    the part of the report a handout needs                  select.select_for_actor
      -> compose   model -> fresh list of ReportLab flowables              compose.compose_booklet
      -> render    flowables -> PDF bytes and page map (PDF/A: pdfa)       render.render_pdf
      -> impose    booklet PDF -> saddle-stitch print PDF                  impose.impose_booklet
      -> write     atomic write into output/, manifest of inputs           targets.write_atomic

`targets.build_all` decides what is out of date, runs the renders in a process pool and writes.
"""
