"""The whole job as a user runs it: the steps behind each `revops` command (`steps`), the dbt child process
(`dbt_runner`), and what reads the built warehouse back (`explain`, `evaluate`, `summary`). The steps return
results; the command line prints them."""
