from ptdv.manage import main

main()
