"""Writes the HDF5 link fixtures of tests/DissimNet.Tests/Fixtures/hdf5-links with h5py (Debian 12's python3-h5py,
HDF5 1.10): files that point outside themselves or whose soft links loop, which DissimNet must refuse in one line,
and one legitimate file whose groups use dense link storage, which it must read. Run from the repository root:

    /usr/bin/python3 tests/fixtures-src/make_hdf5_links.py

PureHDF (the tests' own writer) writes soft links but neither external links nor virtual datasets, nor dense groups.
"""
import os

import h5py
import numpy as np

OUT = os.path.join("tests", "DissimNet.Tests", "Fixtures", "hdf5-links")
MAT_HEADER = b"MATLAB 7.3 MAT-file, Platform: GLNXA64, Created by: make_hdf5_links.py HDF5 schema 1.00 .".ljust(116)


def rsatoolbox_like(f, pairs=3):
    """The parts of rsatoolbox's RDMs.save(file_type='hdf5') that DissimNet needs: 2 RDMs of 3 patterns."""
    f.create_dataset("dissimilarities", data=np.arange(2 * pairs, dtype=np.float64).reshape(2, pairs) / 10)
    f.attrs["dissimilarity_measure"] = np.bytes_("correlation")
    f.create_group("descriptors")
    f.create_group("pattern_descriptors")
    f.create_group("rdm_descriptors")


def write(name, fill, **options):
    path = os.path.join(OUT, name)
    with h5py.File(path, "w", **options) as f:
        fill(f)
    return path


def as_mat73(path):
    """Puts MATLAB's 128-byte v7.3 header into the file's 512-byte user block."""
    with open(path, "r+b") as f:
        f.write(MAT_HEADER + b"\0" * 8 + b"\x00\x02IM")


def external_link(f):
    rsatoolbox_like(f)
    f["rdm_descriptors/subject"] = h5py.ExternalLink("/etc/passwd", "/subject")


def external_link_dense(f):
    rsatoolbox_like(f)
    for i in range(20):  # more than 8 links: libhdf5 stores them in a fractal heap
        f.create_dataset(f"rdm_descriptors/d{i:02d}", data=np.array([i, i]))
    f["rdm_descriptors/zz"] = h5py.ExternalLink("secret.h5", "/x")


def virtual_dataset(f):
    layout = h5py.VirtualLayout(shape=(2, 3), dtype="f8")
    layout[:] = h5py.VirtualSource("other.h5", "values", shape=(2, 3))
    f.create_virtual_dataset("dissimilarities", layout)


def external_storage(f):
    f.create_dataset("dissimilarities", shape=(2, 3), dtype="f8", external=[("/etc/passwd", 0, 48)])


def soft_loop_dense(f):
    rsatoolbox_like(f)
    for i in range(20):
        f.create_dataset(f"d{i:02d}", data=np.array([i]))
    f["loop_a"] = h5py.SoftLink("/loop_b")
    f["loop_b"] = h5py.SoftLink("loop_a")


def dense_with_soft_link(f):
    rsatoolbox_like(f)
    for i in range(200):  # enough links for a fractal heap with indirect blocks and a B-tree of two levels
        f.create_dataset(f"pattern_descriptors/descriptor_with_a_long_name_{i:04d}", data=np.array([i, i, i]))
    f["rdm_descriptors/session"] = np.array([1, 2])
    f["rdm_descriptors/same_session"] = h5py.SoftLink("/rdm_descriptors/session")


def mat73_external_link(f):
    x = f.create_dataset("x", data=np.arange(4, dtype=np.float64))
    x.attrs["MATLAB_class"] = np.bytes_("double")
    f["y"] = h5py.ExternalLink("/etc/passwd", "/y")


os.makedirs(OUT, exist_ok=True)
write("external_link.hdf5", external_link)
write("external_link_dense.hdf5", external_link_dense, libver="latest")
write("virtual_dataset.hdf5", virtual_dataset, libver="latest")
write("external_storage.hdf5", external_storage)
write("soft_loop_dense.hdf5", soft_loop_dense, libver="latest")
write("dense_with_soft_link.hdf5", dense_with_soft_link, libver="latest")
as_mat73(write("external_link_v73.mat", mat73_external_link, userblock_size=512))


def mat73_cell_of_references(f):
    """A memory bomb of about 5 KB: a 1 x 3 cell whose references all name one 1 GB dataset that is never written
    (every value is the fill value), 3 GB in all."""
    refs = f.create_group("#refs#")
    big = refs.create_dataset("a", shape=(16384, 8192), dtype="f8", chunks=(1024, 1024), fillvalue=1.0)
    big.attrs["MATLAB_class"] = np.bytes_("double")
    cell = f.create_dataset("C", shape=(3, 1), dtype=h5py.ref_dtype)
    cell.attrs["MATLAB_class"] = np.bytes_("cell")
    cell[...] = big.ref


as_mat73(write("cell_of_references_v73.mat", mat73_cell_of_references, userblock_size=512))
