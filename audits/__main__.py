from audits.cli import main

main()
