// Entry point of the `sitbone` runner; everything else is in the sitbone_cli_lib
// library so that tests can call the commands directly.
#include <iostream>

#include "cli/commands.h"

int main(int argc, char** argv) { return sitbone::cli::Main(argc, argv, std::cin, std::cout, std::cerr); }
