from egov_audit.cli import main

main()
