package dev.lightbox.http.cli;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.DatasetBuilder;
import dev.lightbox.dicom.data.DictionaryEntry;
import dev.lightbox.dicom.data.Element;
import dev.lightbox.dicom.data.ElementDictionary;
import dev.lightbox.dicom.data.Vr;
import dev.lightbox.dicom.net.Association;
import dev.lightbox.dicom.net.AssociationOptions;
import dev.lightbox.dicom.net.DimseClient;
import dev.lightbox.dicom.net.RemoteAe;
import dev.lightbox.dicom.net.ServiceRegistry;
import dev.lightbox.dicom.net.Uids;
import dev.lightbox.dicom.net.dimse.CommandField;
import dev.lightbox.dicom.net.dimse.Status;
import dev.lightbox.dicom.net.part10.Part10Instance;
import dev.lightbox.dicom.net.part10.Part10Prefix;
import dev.lightbox.dicom.net.pdu.RoleSelection;
import dev.lightbox.dicom.net.scu.ProposedContexts;
import dev.lightbox.dicom.net.scu.QueryRetrieveScu;
import dev.lightbox.dicom.net.scu.StoreScu;
import dev.lightbox.dicom.net.service.MoveScp;
import dev.lightbox.dicom.net.service.QueryRetrieveModel;
import dev.lightbox.dicom.net.service.StoreScp;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lightbox dicom echo|send|find|move|get}: a small DIMSE SCU (PS3.4 Annexes A, B, C) on
 * dicom-net, for operators and tests. Exit codes: 0 success, 2 usage, 3 unreadable input file, 4
 * the peer refused the association or answered a failure status (printed), or the network failed.
 */
@Command(name = "dicom", mixinStandardHelpOptions = true,
    description = "DICOM network client (C-ECHO, C-STORE, C-FIND, C-MOVE, C-GET).",
    subcommands = {DicomCommand.Echo.class, DicomCommand.Send.class, DicomCommand.Find.class,
        DicomCommand.Move.class, DicomCommand.Get.class})
final class DicomCommand {
  /** The peer refused, failed or could not be reached. */
  static final int EXIT_PEER = 4;

  /** Where and as whom to associate. */
  static final class Peer {
    @Parameters(index = "0", description = "peer host")
    String host;

    @Parameters(index = "1", description = "peer port")
    int port;

    @Option(names = "--aet", description = "our (calling) AE title (default LIGHTBOXSCU)")
    String callingAe = "LIGHTBOXSCU";

    @Option(names = "--aec", description = "the peer's (called) AE title (default LIGHTBOX)")
    String calledAe = "LIGHTBOX";

    Association open(ProposedContexts contexts, List<RoleSelection> roles,
        ServiceRegistry services) throws IOException {
      return DimseClient.open(new RemoteAe(calledAe, host, port), callingAe, contexts.build(),
          roles, AssociationOptions.defaults(), services);
    }
  }

  /** Query/Retrieve keys: {@code -k Keyword=value}, model and level. */
  static final class Keys {
    @Option(names = {"-k", "--key"}, description = "Keyword=value or Keyword (a return key); "
        + "PS3.4 C.2.2.2 forms: wildcards, ranges, UID lists")
    List<String> keys = new ArrayList<>();

    @Option(names = "--level", description = "PATIENT, STUDY, SERIES or IMAGE (default STUDY)")
    String level = "STUDY";

    @Option(names = "--model", description = "study (Study Root, default) or patient "
        + "(Patient Root)")
    String model = "study";

    QueryRetrieveModel model() {
      return switch (model.toLowerCase(Locale.ROOT)) {
        case "study" -> QueryRetrieveModel.STUDY_ROOT;
        case "patient" -> QueryRetrieveModel.PATIENT_ROOT;
        default -> throw new IllegalArgumentException("--model must be study or patient, got "
            + model);
      };
    }

    Dataset identifier() {
      ElementDictionary dictionary = ElementDictionary.standard();
      DatasetBuilder b = new DatasetBuilder();
      b.addStrings(0x00080052, Vr.CS, level.toUpperCase(Locale.ROOT));
      for (String k : keys) {
        int eq = k.indexOf('=');
        String name = eq < 0 ? k : k.substring(0, eq);
        String value = eq < 0 ? "" : k.substring(eq + 1);
        OptionalInt tag = dictionary.tagForKeyword(name.strip());
        if (tag.isEmpty()) {
          throw new IllegalArgumentException("unknown keyword '" + name + "' in -k " + k);
        }
        Vr vr = dictionary.entry(tag.getAsInt()).map(DictionaryEntry::vrs)
            .filter(v -> !v.isEmpty()).map(v -> v.get(0)).orElse(Vr.LO);
        if (value.isEmpty()) {
          b.add(tag.getAsInt(), vr, new byte[0]);
        } else {
          b.addStrings(tag.getAsInt(), vr, value.split("\\\\", -1));
        }
      }
      return b.build();
    }
  }

  /** Runs {@code body}, mapping failures to one line on stderr and an exit code. */
  static int run(CommandSpec spec, Body body) {
    PrintWriter err = spec.commandLine().getErr();
    try {
      return body.run(spec.commandLine().getOut());
    } catch (IllegalArgumentException e) {
      err.println("lightbox: " + e.getMessage());
      return Lightbox.EXIT_USAGE;
    } catch (IOException e) {
      err.println("lightbox: " + e.getMessage());
      return EXIT_PEER;
    } finally {
      spec.commandLine().getOut().flush();
      err.flush();
    }
  }

  interface Body {
    int run(PrintWriter out) throws IOException;
  }

  static int exit(Status status) {
    return status.isSuccess() || status.isWarning() ? Lightbox.EXIT_OK : EXIT_PEER;
  }

  static String describe(Status s) {
    return String.format("%04X", s.code());
  }

  @Command(name = "echo", mixinStandardHelpOptions = true, description = "C-ECHO (verification).")
  static final class Echo implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Peer peer;

    @Override
    public Integer call() {
      return run(spec, out -> {
        Association a = peer.open(new ProposedContexts().add(Uids.VERIFICATION,
            Uids.EXPLICIT_VR_LITTLE_ENDIAN, Uids.IMPLICIT_VR_LITTLE_ENDIAN), List.of(),
            ServiceRegistry.none());
        try {
          Status s = QueryRetrieveScu.echo(a);
          out.println("C-ECHO " + describe(s));
          return exit(s);
        } finally {
          a.release();
        }
      });
    }
  }

  @Command(name = "send", mixinStandardHelpOptions = true,
      description = "C-STORE files, or every file under folders, over one association.")
  static final class Send implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Peer peer;

    @Parameters(index = "2..*", arity = "1..*", description = "files or folders")
    List<Path> paths;

    @Override
    public Integer call() {
      return run(spec, out -> {
        List<Part10Instance> instances = new ArrayList<>();
        for (Path p : paths) {
          try (Stream<Path> files = Files.isDirectory(p) ? Files.walk(p) : Stream.of(p)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
              instances.add(Part10Instance.open(f));
            }
          }
        }
        Association a = peer.open(contexts(instances), List.of(), ServiceRegistry.none());
        int failed = 0;
        try {
          for (Part10Instance i : instances) {
            Status s = StoreScu.storeQuietly(a, i, "", 0);
            out.println(i.file() + " " + i.sopInstanceUid() + " " + describe(s)
                + (s.errorComment().isEmpty() ? "" : " " + s.errorComment()));
            failed += exit(s) == 0 ? 0 : 1;
          }
        } finally {
          a.release();
        }
        return failed == 0 ? Lightbox.EXIT_OK : EXIT_PEER;
      });
    }

    private static ProposedContexts contexts(List<Part10Instance> instances) {
      ProposedContexts c = new ProposedContexts();
      for (var pc : MoveScp.contexts(instances)) {
        c.add(pc.abstractSyntax(), pc.transferSyntaxes());
      }
      return c;
    }
  }

  @Command(name = "find", mixinStandardHelpOptions = true,
      description = "C-FIND: prints each match, one line of Keyword=value pairs.")
  static final class Find implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Peer peer;
    @Mixin Keys keys;

    @Override
    public Integer call() {
      return run(spec, out -> {
        String sopClass = keys.model().findSopClass();
        Dataset identifier = keys.identifier();
        Association a = peer.open(new ProposedContexts().add(sopClass,
            Uids.EXPLICIT_VR_LITTLE_ENDIAN, Uids.IMPLICIT_VR_LITTLE_ENDIAN), List.of(),
            ServiceRegistry.none());
        try {
          Status s = QueryRetrieveScu.find(a, sopClass, identifier, match -> {
            out.println(line(match));
            return true;
          });
          return exit(s);
        } finally {
          a.release();
        }
      });
    }

    static String line(Dataset d) {
      ElementDictionary dictionary = ElementDictionary.standard();
      StringBuilder sb = new StringBuilder();
      for (Element e : d) {
        if (e.tag() == 0x00080005) {
          continue;
        }
        if (sb.length() > 0) {
          sb.append('\t');
        }
        sb.append(dictionary.keyword(e.tag())).append('=')
            .append(String.join("\\", d.strings(e.tag())));
      }
      return sb.toString();
    }
  }

  @Command(name = "move", mixinStandardHelpOptions = true,
      description = "C-MOVE the matches to a destination AE.")
  static final class Move implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Peer peer;
    @Mixin Keys keys;

    @Option(names = "--dest", required = true, description = "Move Destination AE title")
    String destination;

    @Override
    public Integer call() {
      return run(spec, out -> {
        String sopClass = keys.model().moveSopClass();
        Association a = peer.open(new ProposedContexts().add(sopClass,
            Uids.EXPLICIT_VR_LITTLE_ENDIAN, Uids.IMPLICIT_VR_LITTLE_ENDIAN), List.of(),
            ServiceRegistry.none());
        try {
          QueryRetrieveScu.RetrieveResult r = QueryRetrieveScu.move(a, sopClass,
              keys.identifier(), destination, c -> { });
          out.println("C-MOVE " + describe(r.status()) + " completed=" + r.counts().completed()
              + " failed=" + r.counts().failed() + " warning=" + r.counts().warning());
          return exit(r.status());
        } finally {
          a.release();
        }
      });
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true,
      description = "C-GET the matches into a folder (Part 10 files named by SOP Instance UID).")
  static final class Get implements Callable<Integer> {
    /** Storage SOP classes offered for the C-STOREs of a C-GET (PS3.4 C.4.3.1.1, SCP role). */
    private static final List<String> STORAGE = List.of(
        "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.2.1", "1.2.840.10008.5.1.4.1.1.4",
        "1.2.840.10008.5.1.4.1.1.4.1", "1.2.840.10008.5.1.4.1.1.7", "1.2.840.10008.5.1.4.1.1.1",
        "1.2.840.10008.5.1.4.1.1.1.1", "1.2.840.10008.5.1.4.1.1.6.1", "1.2.840.10008.5.1.4.1.1.12.1",
        "1.2.840.10008.5.1.4.1.1.20", "1.2.840.10008.5.1.4.1.1.128", "1.2.840.10008.5.1.4.1.1.1.2",
        "1.2.840.10008.5.1.4.1.1.481.1", "1.2.840.10008.5.1.4.1.1.481.2",
        "1.2.840.10008.5.1.4.1.1.481.3", "1.2.840.10008.5.1.4.1.1.481.5",
        "1.2.840.10008.5.1.4.1.1.88.11", "1.2.840.10008.5.1.4.1.1.88.22",
        "1.2.840.10008.5.1.4.1.1.88.33", "1.2.840.10008.5.1.4.1.1.104.1");

    @Spec CommandSpec spec;
    @Mixin Peer peer;
    @Mixin Keys keys;

    @Option(names = "--out", required = true, description = "folder for the received files")
    Path outDir;

    @Override
    public Integer call() {
      return run(spec, out -> {
        Files.createDirectories(outDir);
        String sopClass = keys.model().getSopClass();
        ProposedContexts contexts = new ProposedContexts().add(sopClass,
            Uids.EXPLICIT_VR_LITTLE_ENDIAN, Uids.IMPLICIT_VR_LITTLE_ENDIAN);
        List<RoleSelection> roles = new ArrayList<>();
        for (String s : STORAGE) {
          contexts.add(s, Uids.EXPLICIT_VR_LITTLE_ENDIAN, Uids.IMPLICIT_VR_LITTLE_ENDIAN);
          roles.add(new RoleSelection(s, false, true));
        }
        ServiceRegistry storage = ServiceRegistry.builder().on(CommandField.C_STORE_RQ,
            new StoreScp((request, data) -> {
              Path file = outDir.resolve(request.sopInstanceUid() + ".dcm");
              Path part = outDir.resolve(request.sopInstanceUid() + ".part");
              try (OutputStream o = Files.newOutputStream(part)) {
                Part10Prefix.write(o, request.sopClassUid(), request.sopInstanceUid(),
                    request.transferSyntaxUid(), request.callingAeTitle());
                data.transferTo(o);
              } catch (IOException e) {
                Files.deleteIfExists(part);
                throw e;
              }
              Files.move(part, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
              return Status.OK;
            })).build();
        Association a = peer.open(contexts, roles, storage);
        try {
          QueryRetrieveScu.RetrieveResult r = QueryRetrieveScu.get(a, sopClass,
              keys.identifier(), c -> { });
          out.println("C-GET " + describe(r.status()) + " completed=" + r.counts().completed()
              + " failed=" + r.counts().failed() + " warning=" + r.counts().warning());
          return exit(r.status());
        } finally {
          a.release();
        }
      });
    }
  }
}
