package main

import (
	_ "github.com/google/martian/v3/har"
	_ "github.com/olekukonko/tablewriter"
	_ "github.com/spf13/pflag"
)

func main() {}
