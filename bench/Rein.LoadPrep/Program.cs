using Rein.LoadPrep;

return LoadPrepCommand.Run(args, Console.Out, Console.Error);
